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
import io.glancestore.tck.GlanceStorePeer;
import java.nio.file.Path;
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
 * glance_store s3 driver (packages {@code python3-glance-store python3-boto3}) run by the kit's
 * {@link GlanceStorePeer}, configured as the Java store is: path-style, parts of 5 MiB from 6 MiB
 * on. Without it these tests fail.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PythonInteropIT {

    private static final long MIB = 1 << 20;
    private static final String BUCKET = "interop";

    private static RgwServer server;
    private static S3Store store;
    private static GlanceStorePeer peer;

    @TempDir
    static Path shared;

    @BeforeAll
    static void open() {
        server = RgwServer.get();
        peer = GlanceStorePeer.create("s3", Map.of("s3_store_host", server.endpoint(),
                "s3_store_access_key", server.accessKey(), "s3_store_secret_key", server.secretKey(),
                "s3_store_bucket", BUCKET, "s3_store_create_bucket_on_put", "true",
                "s3_store_bucket_url_format", "path", "s3_store_large_object_size", "6",
                "s3_store_large_object_chunk_size", "5"), shared);
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
            Map<String, String> got = peer.get(added.location());
            assertThat(got).containsEntry("size", Long.toString(image.size()))
                    .containsEntry("read", Long.toString(image.size()));
            assertThat(got.get("md5")).isEqualTo(added.checksum()).isEqualTo(image.md5Hex());
            assertThat(got.get("multihash")).isEqualTo(added.multihash()).isEqualTo(image.sha512Hex());
        }
        GeneratedImage unknown = GeneratedImage.of(3, 11 * MIB);
        AddResult added = store.add(UUID.randomUUID().toString(), unknown.openStream(), ImageStore.UNKNOWN_SIZE);
        assertThat(peer.get(added.location())).containsEntry("md5", unknown.md5Hex());
    }

    @Test
    void javaReadsWhatPythonWroteSingleAndMultipartAtTheSameLocation() throws Exception {
        for (GeneratedImage image : List.of(GeneratedImage.of(4, 5000), GeneratedImage.of(5, 12 * MIB + 1))) {
            String id = UUID.randomUUID().toString();
            Map<String, String> added = peer.add(id, image, false);
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
        assertThat(peer.delete(javaLocation)).containsEntry("deleted", javaLocation);
        assertThatThrownBy(() -> store.size(javaLocation)).isInstanceOf(NotFoundException.class);

        String id = UUID.randomUUID().toString();
        String pythonLocation = peer.add(id, image, true).get("location");
        assertThatThrownBy(() -> store.add(id, image.openStream(), image.size())).isInstanceOf(DuplicateException.class);
        assertThat(peer.add(id, image, false)).containsEntry("error", "Duplicate");
        store.delete(pythonLocation);
        assertThat(peer.get(pythonLocation)).containsEntry("error", "NotFound");
        assertThat(server.objects(BUCKET)).isEmpty();
    }
}
