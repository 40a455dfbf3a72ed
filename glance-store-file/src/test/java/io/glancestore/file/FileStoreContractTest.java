package io.glancestore.file;

import io.glancestore.ImageStore;
import io.glancestore.tck.ImageStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file store honours the contract of every image store, large images past 2 GiB included. */
class FileStoreContractTest extends ImageStoreContractTest {

    @TempDir
    Path datadir;

    @Override
    protected ImageStore createStore() {
        return FileStore.builder().datadir(datadir).build();
    }
}
