package io.glancestore.file.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.exception.BackendException;
import io.glancestore.exception.StorageFullException;
import io.glancestore.exception.StorageWriteDeniedException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filesystem errors named as glance_store names them. */
class IoErrorsTest {

    @TempDir
    Path dir;

    @Test
    void outOfSpaceAndTooLargeAreStorageFull() {
        for (String message : new String[] {"No space left on device", "File too large", "Disk quota exceeded"}) {
            assertThat(IoErrors.forWrite(new IOException(message), "writing", dir))
                    .as(message).isInstanceOf(StorageFullException.class).hasMessageContaining(message);
        }
    }

    @Test
    void refusalsAreWriteDenied() {
        assertThat(IoErrors.forWrite(new AccessDeniedException("/x"), "writing", dir))
                .isInstanceOf(StorageWriteDeniedException.class);
        assertThat(IoErrors.forWrite(new FileSystemException("/x", null, "Read-only file system"), "writing", dir))
                .isInstanceOf(StorageWriteDeniedException.class);
        assertThat(IoErrors.forWrite(new IOException("Operation not permitted"), "writing", dir))
                .isInstanceOf(StorageWriteDeniedException.class);
    }

    @Test
    void otherErrorsAreBackendErrors() {
        assertThat(IoErrors.forWrite(new IOException("Input/output error"), "writing image x", dir))
                .isInstanceOf(BackendException.class).hasMessageContaining("writing image x");
    }
}
