package io.glancestore.cache;

import io.glancestore.ImageStore;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.tck.ImageStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract still holds when the cache is far too small for the images: most reads evict
 * or stream through uncached, which is where a cache is most likely to get things wrong.
 */
class TinyCacheContractTest extends ImageStoreContractTest {

    @TempDir
    Path cacheDir;

    @Override
    protected ImageStore createStore() {
        return CachingImageStore.open(InMemoryStore.create(), CacheFixture.config(cacheDir, 1024 * 1024 + 5).build());
    }

    @Override
    protected long largeImageSize() {
        return 64L * 1024 * 1024 + 4099;
    }
}
