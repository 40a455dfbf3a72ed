package io.glancestore.cache;

import io.glancestore.ImageStore;
import io.glancestore.ImageStores;
import io.glancestore.tck.ImageStoreContractTest;
import io.glancestore.tck.SequentialOnlyDriver;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache around a store that can only read whole images: ranged reads must be refused as the
 * store refuses them, even for an image the cache holds complete, since the cache declares the
 * store's capabilities.
 */
class CachingSequentialStoreContractTest extends ImageStoreContractTest {

    @TempDir
    Path cacheDir;

    @Override
    protected ImageStore createStore() {
        ImageStore sequential = ImageStores.builder(SequentialOnlyDriver.inMemory()).id("memory").build();
        return CachingImageStore.open(sequential, CacheFixture.config(cacheDir, 1L << 30).build());
    }

    @Override
    protected long largeImageSize() {
        return 64L * 1024 * 1024 + 4099;
    }
}
