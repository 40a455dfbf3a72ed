package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.ImageData;
import io.glancestore.exception.BadStoreUriException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * glance_store reads or deletes whatever absolute path a location names; this store serves only
 * image files directly in its own folders.
 */
class LocationConfinementTest {

    @TempDir
    Path tmp;

    private Path datadir;
    private FileStore store;

    @BeforeEach
    void open() throws Exception {
        datadir = tmp.resolve("images");
        store = FileStore.builder().datadir(datadir).build();
        store.add("img", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void assertRefused(String location) {
        assertThat(store.handles(location)).as(location).isFalse();
        assertThatThrownBy(() -> store.get(location)).as(location).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> store.size(location)).as(location).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> store.delete(location)).as(location).isInstanceOf(BadStoreUriException.class);
    }

    @Test
    void pathsOutsideTheFoldersAreRefused() throws Exception {
        Path outside = Files.writeString(tmp.resolve("secret"), "secret");
        assertRefused("file:///etc/shadow");
        assertRefused("file:///dev/zero");
        assertRefused("filesystem:///etc/shadow");
        assertRefused("file://" + outside);
        assertRefused("file://" + datadir + "/../secret");
        assertRefused("file://" + datadir + "/./img");
        assertRefused("file://" + datadir + "//img");
        assertRefused("file://" + datadir);
        assertRefused("file://" + datadir + "/");
        assertThat(outside).hasContent("secret");
    }

    @Test
    void onlyValidImageIdsDirectlyInAFolderAreImages() throws Exception {
        Files.createDirectories(datadir.resolve("sub"));
        Files.writeString(datadir.resolve("sub/img"), "nested");
        Files.writeString(datadir.resolve(".img.glance-tmp-0011223344556677"), "partial");
        assertRefused("file://" + datadir + "/sub/img");
        assertRefused("file://" + datadir + "/.img.glance-tmp-0011223344556677");
        assertRefused("file://" + datadir + "/img%2F..%2Fx");
        assertRefused("file://" + datadir + "/im g");
        assertRefused("file://localhost" + datadir + "/img");
        assertRefused("file://" + datadir + "/img?x");
        assertRefused("http://" + datadir + "/img");
    }

    @Test
    void aSymbolicLinkPlantedInAFolderIsNotFollowed() throws Exception {
        Path outside = Files.writeString(tmp.resolve("secret"), "secret");
        Path evil = Files.createSymbolicLink(datadir.resolve("evil"), outside);
        Path zero = Files.createSymbolicLink(datadir.resolve("zero"), Path.of("/dev/zero"));
        try {
            for (String id : new String[] {"evil", "zero"}) {
                String location = "file://" + datadir + "/" + id;
                assertThatThrownBy(() -> store.get(location)).isInstanceOf(BadStoreUriException.class)
                        .hasMessageContaining("not a regular file");
                assertThatThrownBy(() -> store.size(location)).isInstanceOf(BadStoreUriException.class);
                assertThatThrownBy(() -> store.delete(location)).isInstanceOf(BadStoreUriException.class);
            }
            assertThat(outside).hasContent("secret");
            assertThat(evil).isSymbolicLink();
        } finally {
            Files.delete(evil);
            Files.delete(zero);
        }
    }

    @Test
    void aSymbolicLinkToAFolderOutsideIsNotAFolderOfTheStore() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("img"), "foreign");
        Files.createSymbolicLink(datadir.resolve("sub"), elsewhere);
        assertRefused("file://" + datadir + "/sub/img");
    }

    @Test
    void anotherSpellingOfAFolderThroughASymbolicLinkIsTheSameFolder() throws Exception {
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), datadir);
        String location = "file://" + alias + "/img";
        assertThat(store.handles(location)).isTrue();
        try (ImageData in = store.get(location)) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    @Timeout(30)
    void aFifoNamedLikeAnImageIsRefusedWithoutBlocking() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", datadir.resolve("fifo").toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        assertThatThrownBy(() -> store.get("file://" + datadir + "/fifo")).isInstanceOf(BadStoreUriException.class);
    }

    @Test
    void aRegistryPassesOnTheFileStoresOwnReason() {
        try (io.glancestore.StoreRegistry registry = io.glancestore.StoreRegistry.builder()
                .backend("local", "file", java.util.Map.of("filesystem_store_datadir", datadir.toString())).build()) {
            assertThatThrownBy(() -> registry.get("file://" + datadir + "/../images/img"))
                    .isInstanceOf(BadStoreUriException.class).hasMessageContaining("'..' segments are not allowed");
            assertThatThrownBy(() -> registry.size("file://" + tmp + "/elsewhere/img"))
                    .isInstanceOf(BadStoreUriException.class).hasMessageContaining("not in an image folder of this store");
            assertThatThrownBy(() -> registry.delete("file://" + datadir + "/a b"))
                    .isInstanceOf(BadStoreUriException.class).hasMessageContaining("does not name an image");
        }
    }
}
