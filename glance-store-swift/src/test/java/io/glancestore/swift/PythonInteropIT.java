package io.glancestore.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.exception.NotFoundException;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import io.glancestore.tck.GlanceStorePeer;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python Glance and this store share one container: each reads, and deletes, what the other
 * wrote, segmented images included, with the same location, size, md5 and sha512, and the
 * objects laid out alike. The peer is Debian's glance_store swift driver (packages
 * {@code python3-glance-store python3-swiftclient}, which the server script installs) run by
 * the kit's {@link GlanceStorePeer}, configured for tempauth with the same large object and chunk sizes
 * as the Java store (2 and 1 Glance MB); without it these tests fail.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PythonInteropIT {

    private static final long MB = 1_024_000;
    private static final String CONTAINER = "interop";

    private static SwiftServer server;
    private static GlanceStorePeer peer;

    @TempDir
    static Path shared;

    private SwiftStore store;

    @BeforeAll
    static void requirePeer() throws Exception {
        server = SwiftServer.get();
        peer = GlanceStorePeer.create("swift", Map.of("swift_store_auth_version", "1",
                "swift_store_auth_address", server.authUrl(), "swift_store_user", server.user(),
                "swift_store_key", server.key(), "swift_store_container", CONTAINER,
                "swift_store_create_container_on_put", "true", "swift_store_large_object_size", "2",
                "swift_store_large_object_chunk_size", "1"), shared);
    }

    @BeforeEach
    void open() {
        server.removeContainer(CONTAINER);
        store = server.store(CONTAINER).build();
    }

    @AfterEach
    void close() {
        store.close();
        server.removeContainer(CONTAINER);
    }

    @Test
    void pythonReadsWhatJavaWroteSegmented() throws Exception {
        GeneratedImage image = GeneratedImage.of(1, 4 * MB + 4099);
        AddResult added = store.add(UUID.randomUUID().toString(), image.openStream(), image.size());

        Map<String, String> got = peer.get(added.location());
        assertThat(got).containsEntry("location", added.location());
        assertThat(got).containsEntry("size", Long.toString(added.size()));
        assertThat(got).containsEntry("read", Long.toString(added.size()));
        assertThat(got.get("md5")).isEqualTo(added.checksum()).isEqualTo(image.md5Hex());
        assertThat(got.get("multihash")).isEqualTo(added.multihash()).isEqualTo(image.sha512Hex());
    }

    @Test
    void pythonReadsWhatJavaWroteWithUnknownSizeAndSmall() throws Exception {
        GeneratedImage big = GeneratedImage.of(2, 3 * MB + 1);
        AddResult unknown = store.add(UUID.randomUUID().toString(), big.openStream(), ImageStore.UNKNOWN_SIZE);
        assertThat(peer.get(unknown.location()).get("md5")).isEqualTo(big.md5Hex());
        GeneratedImage small = GeneratedImage.of(3, 1000);
        AddResult plain = store.add(UUID.randomUUID().toString(), small.openStream(), small.size());
        assertThat(peer.get(plain.location())).containsEntry("md5", small.md5Hex()).containsEntry("size", "1000");
    }

    @Test
    void javaReadsWhatPythonWroteSegmentedAndTheLayoutsMatch() throws Exception {
        String pythonId = UUID.randomUUID().toString();
        String javaId = UUID.randomUUID().toString();
        GeneratedImage image = GeneratedImage.of(4, 3 * MB + 333);
        Map<String, String> added = peer.add(pythonId, image, false);
        store.add(javaId, image.openStream(), image.size());

        String location = added.get("location");
        assertThat(location).isEqualTo("swift+http://test%3Atester:" + server.key() + "@" + server.authAddress()
                + "/" + CONTAINER + "/" + pythonId);
        assertThat(store.size(location)).isEqualTo(image.size());
        try (ImageData in = store.get(location)) {
            assertThat(Digests.of(in)).isEqualTo(image.digests());
        }
        try (ImageData in = store.get(location, 2 * MB - 100, 4096)) {
            assertThat(in.readAllBytes()).isEqualTo(image.bytes(2 * MB - 100, 4096));
        }
        assertThat(server.objects(CONTAINER).stream().filter(n -> n.startsWith(pythonId))
                .map(n -> n.replace(pythonId, "ID")))
                .containsExactlyElementsOf(server.objects(CONTAINER).stream().filter(n -> n.startsWith(javaId))
                        .map(n -> n.replace(javaId, "ID")).toList());
        assertThat(server.request("HEAD", "/" + CONTAINER + "/" + pythonId, null).headers()
                .firstValue("X-Object-Manifest")).hasValue(CONTAINER + "/" + pythonId + "-");
    }

    @Test
    void javaReadsWhatPythonWroteWithUnknownSize() throws Exception {
        GeneratedImage image = GeneratedImage.of(5, 2 * MB + 5);
        Map<String, String> added = peer.add(UUID.randomUUID().toString(), image, true);
        try (ImageData in = store.get(added.get("location"))) {
            assertThat(Digests.of(in)).isEqualTo(image.digests());
        }
    }

    @Test
    void pythonDeletesASegmentedJavaImage() throws Exception {
        GeneratedImage image = GeneratedImage.of(6, 3 * MB);
        String location = store.add(UUID.randomUUID().toString(), image.openStream(), image.size()).location();
        assertThat(peer.delete(location)).containsEntry("deleted", location);
        assertThatThrownBy(() -> store.size(location)).isInstanceOf(NotFoundException.class);
        assertThat(server.objects(CONTAINER)).isEmpty();
    }

    @Test
    void javaDeletesASegmentedPythonImage() throws Exception {
        String location = peer.add(UUID.randomUUID().toString(), GeneratedImage.of(7, 3 * MB), false).get("location");
        store.delete(location);
        assertThat(peer.get(location)).containsEntry("error", "NotFound");
        assertThat(server.objects(CONTAINER)).isEmpty();
    }

    @Test
    void javaSeesAPythonImageAsDuplicate() throws Exception {
        String id = UUID.randomUUID().toString();
        GeneratedImage image = GeneratedImage.of(8, 1000);
        peer.add(id, image, false);
        assertThatThrownBy(() -> store.add(id, image.openStream(), image.size()))
                .isInstanceOf(io.glancestore.exception.DuplicateException.class);
    }
}
