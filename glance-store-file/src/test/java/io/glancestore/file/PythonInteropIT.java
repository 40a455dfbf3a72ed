package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python Glance and this store share one folder: each reads, and deletes, what the other
 * wrote, with the same location, size, md5 and sha512. The peer is Debian's glance_store file
 * driver (package {@code python3-glance-store}) run by {@code /usr/bin/python3}; without it
 * these tests fail.
 */
@Timeout(120)
class PythonInteropIT {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    static Path shared;

    private static Path peerScript;

    @TempDir
    Path tmp;

    private Path datadir;
    private FileStore store;

    @BeforeAll
    static void requirePeer() throws Exception {
        assertThat(Path.of(PYTHON)).as(PYTHON + " is missing: install Debian's python3").isExecutable();
        Process p = new ProcessBuilder(PYTHON, "-c", "import glance_store, oslo_config").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(PYTHON + " cannot import glance_store; install the Debian package "
                + "python3-glance-store (apt-get install python3-glance-store):\n" + out).isZero();
        peerScript = shared.resolve("glance_store_peer.py");
        try (InputStream in = PythonInteropIT.class.getResourceAsStream("/python/glance_store_peer.py")) {
            assertThat(in).as("peer script on the test class path").isNotNull();
            Files.copy(in, peerScript);
        }
    }

    @BeforeEach
    void open() {
        datadir = tmp.resolve("images");
        store = FileStore.builder().datadir(datadir).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void pythonReadsWhatJavaWrote() throws Exception {
        GeneratedImage image = GeneratedImage.of(1, 5 * 1024 * 1024 + 4099);
        AddResult added = store.add("java-image", image.openStream(), image.size());

        Map<String, Object> got = peer("get", added.location());
        assertThat(got.get("location")).isEqualTo(added.location());
        assertThat(number(got, "size")).isEqualTo(added.size());
        assertThat(number(got, "read")).isEqualTo(added.size());
        assertThat(got.get("md5")).isEqualTo(added.checksum()).isEqualTo(image.md5Hex());
        assertThat(got.get("multihash")).isEqualTo(added.multihash()).isEqualTo(image.sha512Hex());
    }

    @Test
    void pythonReadsAThinProvisionedJavaImage() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 11];
        System.arraycopy(GeneratedImage.of(2, 70_000).toByteArray(), 0, data, 1_500_000, 70_000);
        try (FileStore thin = FileStore.builder().datadir(tmp.resolve("thin")).thinProvisioning(true).build()) {
            AddResult added = thin.add("thin-image", new ByteArrayInputStream(data), data.length);
            Map<String, Object> got = peer(tmp.resolve("thin"), "get", added.location());
            assertThat(number(got, "size")).isEqualTo(data.length);
            assertThat(got.get("md5")).isEqualTo(added.checksum()).isEqualTo(Digests.of(data).md5Hex());
            assertThat(got.get("multihash")).isEqualTo(added.multihash());
        }
    }

    @Test
    void javaReadsWhatPythonWrote() throws Exception {
        GeneratedImage image = GeneratedImage.of(3, 2 * 1024 * 1024 + 333);
        Map<String, Object> added = peerAdd("python-image", image);

        assertThat(added.get("location")).isEqualTo("file://" + datadir + "/python-image");
        assertThat(added.get("metadata")).isEqualTo(Map.of());
        String location = (String) added.get("location");
        assertThat(store.size(location)).isEqualTo(number(added, "size")).isEqualTo(image.size());
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
        assertThat(peer("delete", location)).containsEntry("deleted", location);
        assertThatThrownBy(() -> store.size(location)).isInstanceOf(NotFoundException.class);
        assertThat(FolderContents.names(datadir)).isEmpty();
    }

    @Test
    void javaDeletesAPythonImage() throws Exception {
        String location = (String) peerAdd("python-image", GeneratedImage.of(5, 1000)).get("location");
        store.delete(location);
        assertThat(peer("get", location)).containsEntry("error", "NotFound");
        assertThat(FolderContents.names(datadir)).isEmpty();
    }

    @Test
    void eachSideSeesTheOthersImagesAsDuplicates() throws Exception {
        GeneratedImage image = GeneratedImage.of(6, 1000);
        store.add("first-java", image.openStream(), image.size());
        assertThat(peerAdd("first-java", image)).containsEntry("error", "Duplicate");

        peerAdd("first-python", image);
        assertThatThrownBy(() -> store.add("first-python", image.openStream(), image.size()))
                .isInstanceOf(DuplicateException.class);
        assertThat(FolderContents.names(datadir)).containsExactly("first-java", "first-python");
    }

    private Map<String, Object> peerAdd(String imageId, GeneratedImage image) throws Exception {
        Path data = tmp.resolve(imageId + ".data");
        try (InputStream in = image.openStream()) {
            Files.copy(in, data);
        }
        try {
            return peer("add", imageId, data.toString());
        } finally {
            Files.delete(data);
        }
    }

    private Map<String, Object> peer(String command, String... args) throws Exception {
        return peer(datadir, command, args);
    }

    /** Runs one operation of the Python peer and returns the JSON it printed. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> peer(Path folder, String command, String... args) throws Exception {
        String[] line = new String[4 + args.length];
        line[0] = PYTHON;
        line[1] = peerScript.toString();
        line[2] = command;
        line[3] = folder.toString();
        System.arraycopy(args, 0, line, 4, args.length);
        Path stderr = tmp.resolve("peer.err");
        Process p = new ProcessBuilder(line).redirectError(stderr.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String context = "python peer " + command + " exited " + p.exitValue() + "\nstdout: " + out
                + "\nstderr: " + readQuietly(stderr);
        assertThat(p.exitValue()).as(context).isIn(0, 3);
        Object json = new ObjectMapper().readValue(out, Object.class);
        assertThat(json).as(context).isInstanceOf(Map.class);
        return (Map<String, Object>) json;
    }

    private static long number(Map<String, Object> json, String key) {
        return ((Number) json.get(key)).longValue();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
