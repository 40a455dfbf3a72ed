package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreConfigurationException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code filesystem_store_file_perm}: read as octal digits, applied to images and folders. */
class FilePermissionsTest {

    @TempDir
    Path tmp;

    @Test
    void imagesGetTheConfiguredModeAndTheFolderBecomesTraversable() throws Exception {
        Path datadir = Files.createDirectory(tmp.resolve("images"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        try (FileStore store = FileStore.builder().datadir(datadir).option("filesystem_store_file_perm", "644")
                .build()) {
            store.add("img", new ByteArrayInputStream(new byte[10]), 10);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(datadir.resolve("img"))))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(datadir))).isEqualTo("rwx--x--x");
    }

    @Test
    void groupOnlyModeOpensTheFolderToTheGroupOnly() throws Exception {
        Path datadir = Files.createDirectory(tmp.resolve("images"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        try (FileStore store = FileStore.builder().datadir(datadir).filePermissions(0640).build()) {
            store.add("img", new ByteArrayInputStream(new byte[10]), 10);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(datadir.resolve("img"))))
                .isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(datadir))).isEqualTo("rwx--x---");
    }

    @Test
    void zeroOrNegativeLeavesTheUmasksMode() throws Exception {
        for (String perm : new String[] {"0", "-1"}) {
            Path datadir = tmp.resolve("images" + perm);
            try (FileStore store = FileStore.builder().datadir(datadir).option("filesystem_store_file_perm", perm)
                    .build()) {
                store.add("img", new ByteArrayInputStream(new byte[1]), 1);
            }
            Path reference = Files.createFile(tmp.resolve("reference" + perm));
            assertThat(Files.getPosixFilePermissions(datadir.resolve("img")))
                    .isEqualTo(Files.getPosixFilePermissions(reference));
        }
    }

    @Test
    void modesThatLockTheStoreOutOrAreNotOctalAreRefused() {
        for (String perm : new String[] {"240", "048", "rw", "1644"}) {
            assertThatThrownBy(() -> FileStore.builder().datadir(tmp).option("filesystem_store_file_perm", perm)
                    .build()).as(perm).isInstanceOf(BadStoreConfigurationException.class)
                    .hasMessageContaining("filesystem_store_file_perm");
        }
    }
}
