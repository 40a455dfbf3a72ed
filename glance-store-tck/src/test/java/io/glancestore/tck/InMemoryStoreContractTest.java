package io.glancestore.tck;

import io.glancestore.ImageStore;
import io.glancestore.memory.InMemoryStore;

/** Runs the contract on the in-memory store, which has every capability. */
class InMemoryStoreContractTest extends ImageStoreContractTest {

    @Override
    protected ImageStore createStore() {
        return InMemoryStore.create();
    }

    /** The image lives on the heap, so stay well below 2 GiB; offsets past 2 GiB are left to disk stores. */
    @Override
    protected long largeImageSize() {
        return 300L * 1024 * 1024 + 4099;
    }
}
