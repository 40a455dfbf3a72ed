package io.glancestore.glance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.InvalidException;
import io.glancestore.exception.NotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images uploaded through the Glance API are read by the SDK straight from the file and rbd
 * stores, verified against the hashes Glance records; a tampered backend object is detected,
 * whether read directly or downloaded through Glance.
 */
class GlanceApiDirectReadIT {

    static GlanceServer server;
    static GlanceClient glance;
    static final List<String> created = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void glance() {
        server = GlanceServer.get();
        glance = server.client();
    }

    @AfterAll
    static void deleteImages() {
        created.forEach(id -> {
            try {
                glance.deleteImage(id);
            } catch (NotFoundException e) {
                // a test deleted it
            }
        });
    }

    private String upload(String store, byte[] data) {
        String id = server.upload(glance, "direct-read-" + store, store, data);
        created.add(id);
        return id;
    }

    private GlanceImageReader reader(List<String> preference) {
        return GlanceImageReader.builder(glance).stores(server.stores()).preference(preference)
                .fallbackToGlance(false).build();
    }

    private static byte[] readAll(GlanceImageRead read) throws IOException {
        try (read) {
            return read.data().readAllBytes();
        }
    }

    @Test
    void imagesUploadedThroughGlanceAreReadFromTheirStoresVerified() throws IOException {
        for (String store : List.of("local", "ceph")) {
            byte[] data = GlanceServer.randomBytes(store.hashCode(), 9 * 1024 * 1024 + 17);
            String id = upload(store, data);
            GlanceImage image = glance.image(id);
            assertThat(image.active()).isTrue();
            assertThat(image.checksum()).isEqualTo(GlanceServer.md5(data));
            assertThat(image.osHashAlgo()).isEqualTo("sha512");
            assertThat(image.locations()).singleElement().satisfies(l -> assertThat(l.store()).contains(store));
            GlanceImageRead read = reader(List.of()).open(id);
            assertThat(read.viaGlance()).isFalse();
            assertThat(read.storeId()).contains(store);
            assertThat(read.location()).contains(image.locations().get(0).url());
            assertThat(readAll(read)).isEqualTo(data);
        }
    }

    @Test
    void theStorePreferenceChoosesAmongAnImagesLocationsAndGlanceIsTheFallback() throws IOException {
        byte[] data = GlanceServer.randomBytes(7, 3 * 1024 * 1024);
        String id = upload("local", data);
        glance.copyImage(id, List.of("ceph"), true);
        GlanceImage both = glance.awaitStores(id, List.of("local", "ceph"), Duration.ofMinutes(2));
        assertThat(both.locations()).hasSize(2);
        assertThat(reader(List.of("rbd")).open(id).storeId()).contains("ceph");
        assertThat(reader(List.of("local")).open(id).storeId()).contains("local");
        // Glance's order when no preference says otherwise: the upload's location first.
        GlanceImageRead ordered = reader(List.of()).open(id);
        assertThat(ordered.storeId()).contains("local");
        assertThat(readAll(ordered)).isEqualTo(data);

        GlanceImageRead fallback = GlanceImageReader.builder(glance).build().open(id);
        assertThat(fallback.viaGlance()).isTrue();
        assertThat(readAll(fallback)).isEqualTo(data);
        assertThatThrownBy(() -> GlanceImageReader.builder(glance).fallbackToGlance(false).build().open(id))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no configured store");
    }

    @Test
    void aTamperedFileIsAChecksumMismatchDirectlyAndThroughGlance() throws IOException {
        byte[] data = GlanceServer.randomBytes(11, 2 * 1024 * 1024 + 3);
        String id = upload("local", data);
        flipByte(server.localFile(id), 1_000_000);
        assertThatThrownBy(() -> readAll(reader(List.of()).open(id))).isInstanceOf(ChecksumMismatchException.class);
        // Glance itself serves the tampered bytes without a word; the SDK's download checks them.
        assertThatThrownBy(() -> readAll(GlanceImageReader.builder(glance).build().open(id)))
                .isInstanceOf(ChecksumMismatchException.class);
    }

    @Test
    void aTamperedRbdImageIsAChecksumMismatch() throws IOException {
        byte[] data = GlanceServer.randomBytes(13, 5 * 1024 * 1024);
        String id = upload("ceph", data);
        String pool = server.get("GLANCE_STORE_CEPH_POOL");
        Path exported = tmp.resolve("exported");
        server.rbd("export", "--no-progress", pool + "/" + id + "@snap", exported.toString());
        assertThat(Files.readAllBytes(exported)).isEqualTo(data);
        flipByte(exported, 4_000_000);
        // Replace the image under the same name and snapshot, as someone with the pool's keys could.
        server.rbd("snap", "unprotect", pool + "/" + id + "@snap");
        server.rbd("snap", "rm", "--no-progress", pool + "/" + id + "@snap");
        server.rbd("rm", "--no-progress", pool + "/" + id);
        server.rbd("import", "--no-progress", exported.toString(), pool + "/" + id);
        server.rbd("snap", "create", "--no-progress", pool + "/" + id + "@snap");
        server.rbd("snap", "protect", pool + "/" + id + "@snap");
        GlanceImageRead read = reader(List.of()).open(id);
        assertThat(read.storeId()).contains("ceph");
        assertThatThrownBy(() -> readAll(read)).isInstanceOf(ChecksumMismatchException.class);
    }

    @Test
    void imagesWithoutDataOrRecordAreTypedErrors() {
        GlanceImage queued = glance.createImage(NewImage.named("no-data"));
        created.add(queued.id());
        assertThatThrownBy(() -> reader(List.of()).open(queued.id())).isInstanceOf(InvalidException.class)
                .hasMessageContaining("queued");
        assertThatThrownBy(() -> reader(List.of()).open("00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(NotFoundException.class);
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0x40);
        }
    }
}
