package io.glancestore.cache;

import io.glancestore.ImageStore;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.tck.ImageStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The cache around the in-memory store honours the contract of every image store. */
class CachingInMemoryStoreContractTest extends ImageStoreContractTest {

    @TempDir
    Path cacheDir;

    @Override
    protected ImageStore createStore() {
        return CachingImageStore.open(InMemoryStore.create(), CacheFixture.config(cacheDir, 1L << 30).build());
    }

    /** The store holds images on the heap. */
    @Override
    protected long largeImageSize() {
        return 300L * 1024 * 1024 + 4099;
    }
}
