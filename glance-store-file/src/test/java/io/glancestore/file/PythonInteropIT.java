package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import io.glancestore.tck.GlanceStorePeer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python Glance and this store share one folder: each reads, and deletes, what the other
 * wrote, with the same location, size, md5 and sha512. The peer is Debian's glance_store file
 * driver (package {@code python3-glance-store}) run by the kit's {@link GlanceStorePeer};
 * without it these tests fail.
 */
@Timeout(120)
class PythonInteropIT {

    @TempDir
    Path tmp;

    private Path datadir;
    private FileStore store;
    private GlanceStorePeer peer;

    @BeforeEach
    void open() throws Exception {
        datadir = tmp.resolve("images");
        store = FileStore.builder().datadir(datadir).build();
        peer = peerOn(datadir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void pythonReadsWhatJavaWrote() throws Exception {
        GeneratedImage image = GeneratedImage.of(1, 5 * 1024 * 1024 + 4099);
        AddResult added = store.add("java-image", image.openStream(), image.size());

        Map<String, String> got = peer.get(added.location());
        assertThat(got.get("location")).isEqualTo(added.location());
        assertThat(Long.parseLong(got.get("size"))).isEqualTo(added.size());
        assertThat(Long.parseLong(got.get("read"))).isEqualTo(added.size());
        assertThat(got.get("md5")).isEqualTo(added.checksum()).isEqualTo(image.md5Hex());
        assertThat(got.get("multihash")).isEqualTo(added.multihash()).isEqualTo(image.sha512Hex());
    }

    @Test
    void pythonReadsAThinProvisionedJavaImage() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 11];
        System.arraycopy(GeneratedImage.of(2, 70_000).toByteArray(), 0, data, 1_500_000, 70_000);
        try (FileStore thin = FileStore.builder().datadir(tmp.resolve("thin")).thinProvisioning(true).build()) {
            AddResult added = thin.add("thin-image", new ByteArrayInputStream(data), data.length);
            Map<String, String> got = peerOn(tmp.resolve("thin")).get(added.location());
            assertThat(Long.parseLong(got.get("size"))).isEqualTo(data.length);
            assertThat(got.get("md5")).isEqualTo(added.checksum()).isEqualTo(Digests.of(data).md5Hex());
            assertThat(got.get("multihash")).isEqualTo(added.multihash());
        }
    }

    @Test
    void javaReadsWhatPythonWrote() throws Exception {
        GeneratedImage image = GeneratedImage.of(3, 2 * 1024 * 1024 + 333);
        Map<String, String> added = peer.add("python-image", image, false);

        assertThat(added.get("location")).isEqualTo("file://" + datadir + "/python-image");
        assertThat(added).containsEntry("metadata", "{}");
        String location = added.get("location");
        assertThat(store.size(location)).isEqualTo(Long.parseLong(added.get("size"))).isEqualTo(image.size());
        try (ImageData in = store.get(location)) {
            Digests digests = Digests.of(in);
            assertThat(digests.md5Hex()).isEqualTo(added.get("md5")).isEqualTo(image.md5Hex());
            assertThat(digests.sha512Hex()).isEqualTo(added.get("multihash")).isEqualTo(image.sha512Hex());
        }
        try (ImageData in = store.get(location, 1_000_000, 4096)) {
            assertThat(in.readAllBytes()).isEqualTo(image.bytes(1_000_000, 4096));
        }
    }

    @Test
    void pythonDeletesAJavaImage() throws Exception {
        String location = store.add("java-image", GeneratedImage.of(4, 1000).openStream(), 1000).location();
        assertThat(peer.delete(location)).containsEntry("deleted", location);
        assertThatThrownBy(() -> store.size(location)).isInstanceOf(NotFoundException.class);
        assertThat(FolderContents.names(datadir)).isEmpty();
    }

    @Test
    void javaDeletesAPythonImage() throws Exception {
        String location = peer.add("python-image", GeneratedImage.of(5, 1000), false).get("location");
        store.delete(location);
        assertThat(peer.get(location)).containsEntry("error", "NotFound");
        assertThat(FolderContents.names(datadir)).isEmpty();
    }

    @Test
    void eachSideSeesTheOthersImagesAsDuplicates() throws Exception {
        GeneratedImage image = GeneratedImage.of(6, 1000);
        store.add("first-java", image.openStream(), image.size());
        assertThat(peer.add("first-java", image, false)).containsEntry("error", "Duplicate");

        peer.add("first-python", image, false);
        assertThatThrownBy(() -> store.add("first-python", image.openStream(), image.size()))
                .isInstanceOf(DuplicateException.class);
        assertThat(FolderContents.names(datadir)).containsExactly("first-java", "first-python");
    }

    /** Python glance_store's file store on a folder, its own files kept outside that folder. */
    private GlanceStorePeer peerOn(Path folder) throws Exception {
        Path own = Files.createDirectories(tmp.resolve("peer-" + folder.getFileName()));
        return GlanceStorePeer.create("file", Map.of("filesystem_store_datadir", folder.toString()), own);
    }
}
