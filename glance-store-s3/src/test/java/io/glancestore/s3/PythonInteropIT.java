package io.glancestore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python Glance and this store share one bucket: each reads, and deletes, what the other wrote,
 * single-part and multipart, with the same location, size, md5 and sha512. The peer is Debian's
 * glance_store s3 driver (packages {@code python3-glance-store python3-boto3}) run by
 * {@code /usr/bin/python3}, configured as the Java store is: path-style, parts of 5 MiB from
 * 6 MiB on. Without it these tests fail.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PythonInteropIT {

    private static final long MIB = 1 << 20;
    private static final String BUCKET = "interop";

    private static RgwServer server;
    private static S3Store store;
    private static Path peerScript;

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    @BeforeAll
    static void requirePeer() throws Exception {
        server = RgwServer.get();
        Process p = new ProcessBuilder(RgwServer.python(), "-c", "import glance_store._drivers.s3, boto3")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(RgwServer.python() + " cannot import glance_store's s3 driver; install the"
                + " Debian packages python3-glance-store python3-boto3:\n" + out).isZero();
        peerScript = shared.resolve("glance_store_s3_peer.py");
        try (InputStream in = PythonInteropIT.class.getResourceAsStream("/python/glance_store_s3_peer.py")) {
            assertThat(in).as("peer script on the test class path").isNotNull();
            Files.copy(in, peerScript);
        }
        store = server.store(BUCKET).build();
    }

    @AfterAll
    static void close() {
        store.close();
        server.removeBucket(BUCKET);
    }

    @AfterEach
    void empty() {
        assertThat(server.multipartUploads(BUCKET)).isEmpty();
        server.empty(BUCKET);
    }

    @Test
    void pythonReadsWhatJavaWroteSingleAndMultipart() throws Exception {
        for (GeneratedImage image : List.of(GeneratedImage.of(1, 4099), GeneratedImage.of(2, 13 * MIB + 7))) {
            AddResult added = store.add(UUID.randomUUID().toString(), image.openStream(), image.size());
            Map<String, String> got = peer("get", added.location());
            assertThat(got).containsEntry("size", Long.toString(image.size()))
                    .containsEntry("read", Long.toString(image.size()));
            assertThat(got.get("md5")).isEqualTo(added.checksum()).isEqualTo(image.md5Hex());
            assertThat(got.get("multihash")).isEqualTo(added.multihash()).isEqualTo(image.sha512Hex());
        }
        GeneratedImage unknown = GeneratedImage.of(3, 11 * MIB);
        AddResult added = store.add(UUID.randomUUID().toString(), unknown.openStream(), ImageStore.UNKNOWN_SIZE);
        assertThat(peer("get", added.location())).containsEntry("md5", unknown.md5Hex());
    }

    @Test
    void javaReadsWhatPythonWroteSingleAndMultipartAtTheSameLocation() throws Exception {
        for (GeneratedImage image : List.of(GeneratedImage.of(4, 5000), GeneratedImage.of(5, 12 * MIB + 1))) {
            String id = UUID.randomUUID().toString();
            Map<String, String> added = peerAdd(id, image, false);
            String location = added.get("location");
            assertThat(location).isEqualTo("s3://" + server.accessKey() + ":" + server.secretKey() + "@"
                    + server.serviceAddress() + "/" + BUCKET + "/" + id);
            assertThat(added).containsEntry("md5", image.md5Hex()).containsEntry("multihash", image.sha512Hex());
            assertThat(store.size(location)).isEqualTo(image.size());
            try (ImageData in = store.get(location)) {
                assertThat(Digests.of(in)).isEqualTo(image.digests());
            }
            long middle = image.size() / 2;
            int length = (int) Math.min(4096, image.size() - middle);
            try (ImageData in = store.get(location, middle, length)) {
                assertThat(in.readAllBytes()).isEqualTo(image.bytes(middle, length));
            }
        }
    }

    @Test
    void eachDeletesWhatTheOtherWroteAndSeesItAsADuplicate() throws Exception {
        GeneratedImage image = GeneratedImage.of(6, 7 * MIB);
        String javaLocation = store.add(UUID.randomUUID().toString(), image.openStream(), image.size()).location();
        assertThat(peer("delete", javaLocation)).containsEntry("deleted", "yes");
        assertThatThrownBy(() -> store.size(javaLocation)).isInstanceOf(NotFoundException.class);

        String id = UUID.randomUUID().toString();
        String pythonLocation = peerAdd(id, image, true).get("location");
        assertThatThrownBy(() -> store.add(id, image.openStream(), image.size())).isInstanceOf(DuplicateException.class);
        assertThat(peerAdd(id, image, false)).containsEntry("error", "Duplicate");
        store.delete(pythonLocation);
        assertThat(peer("get", pythonLocation)).containsEntry("error", "NotFound");
        assertThat(server.objects(BUCKET)).isEmpty();
    }

    private Map<String, String> peerAdd(String id, GeneratedImage image, boolean unknownSize) throws Exception {
        Path data = tmp.resolve(id + ".data");
        try (InputStream in = image.openStream()) {
            Files.copy(in, data);
        }
        try {
            return unknownSize ? peer("add", id, data.toString(), "unknown") : peer("add", id, data.toString());
        } finally {
            Files.delete(data);
        }
    }

    /** Runs one operation of the Python peer and returns the key=value lines it printed. */
    private Map<String, String> peer(String command, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(RgwServer.python(), peerScript.toString(), command,
                server.endpoint(), BUCKET, "6", "5"));
        line.addAll(List.of(args));
        Path stderr = tmp.resolve("peer.err");
        ProcessBuilder builder = new ProcessBuilder(line).redirectError(stderr.toFile());
        builder.environment().put("S3_ACCESS_KEY", server.accessKey());
        builder.environment().put("S3_SECRET_KEY", server.secretKey());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String context = "python peer " + command + " exited " + p.exitValue() + "\nstdout: " + out + "\nstderr: "
                + readQuietly(stderr);
        assertThat(p.exitValue()).as(context).isIn(0, 3);
        Map<String, String> values = new LinkedHashMap<>();
        for (String row : out.split("\n")) {
            int eq = row.indexOf('=');
            assertThat(eq).as(context).isPositive();
            values.put(row.substring(0, eq), row.substring(eq + 1));
        }
        return values;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
