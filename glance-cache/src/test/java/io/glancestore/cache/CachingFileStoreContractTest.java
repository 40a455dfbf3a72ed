package io.glancestore.cache;

import io.glancestore.ImageStore;
import io.glancestore.file.FileStore;
import io.glancestore.tck.ImageStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache around the file store honours the contract of every image store, the image past
 * 2 GiB included (it is cached too: the default limit is 10 GiB).
 */
class CachingFileStoreContractTest extends ImageStoreContractTest {

    @TempDir
    Path datadir;

    @TempDir
    Path cacheDir;

    @Override
    protected ImageStore createStore() {
        return CachingImageStore.open(FileStore.builder().datadir(datadir).build(),
                CacheFixture.config(cacheDir, CacheConfig.DEFAULT_MAX_SIZE).build());
    }
}
