package io.glancestore.tck;

import io.glancestore.ImageStore;
import io.glancestore.ImageStores;

/**
 * Runs the contract on a store that can only read whole images: the in-memory driver with
 * READ_RANDOM, READ_OFFSET and READ_CHUNK taken away, wrapped by the same API layer as every
 * real store. The ranged-read cases must show as skipped and the refusal cases must run.
 */
class SequentialReadStoreContractTest extends ImageStoreContractTest {

    @Override
    protected ImageStore createStore() {
        return ImageStores.builder(SequentialOnlyDriver.inMemory()).id("memory").build();
    }

    /** The refusals are what this run is about; a modest large image keeps it quick. */
    @Override
    protected long largeImageSize() {
        return 64L * 1024 * 1024 + 4099;
    }
}
