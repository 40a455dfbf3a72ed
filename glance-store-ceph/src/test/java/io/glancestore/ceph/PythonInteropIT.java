package io.glancestore.ceph;

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
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python Glance and this store share one pool: each reads, and deletes, what the other wrote,
 * with the same location, size, md5 and sha512, and the images are laid out alike. The peer is
 * Debian's glance_store rbd driver (packages {@code python3-glance-store python3-rbd
 * python3-rados}, which the cluster script installs) run by the kit's {@link GlanceStorePeer},
 * configured with rbd_store_ceph_conf, rbd_store_pool and rbd_store_user as a glance-api.conf
 * would; without it these tests fail.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PythonInteropIT {

    private static final String POOL = "interop";
    private static final int MIB = 1 << 20;

    private static CephCluster cluster;
    private static CephAdmin admin;
    private static GlanceStorePeer peer;

    @TempDir
    static Path shared;

    private RbdStore store;

    @BeforeAll
    static void requirePeer() throws Exception {
        cluster = CephCluster.get();
        cluster.createPool(POOL);
        admin = new CephAdmin(cluster, POOL);
        peer = GlanceStorePeer.create("rbd", Map.of("rbd_store_ceph_conf", cluster.conf().toString(),
                "rbd_store_pool", POOL, "rbd_store_user", "admin"), shared);
    }

    @AfterAll
    static void closeAdmin() {
        if (admin != null) {
            admin.close();
        }
    }

    @BeforeEach
    void open() {
        admin.removeAll();
        store = cluster.store(POOL).build();
    }

    @AfterEach
    void close() {
        store.close();
        admin.removeAll();
    }

    @Test
    void pythonReadsWhatJavaWrote() throws Exception {
        GeneratedImage image = GeneratedImage.of(1, 21L * MIB + 4099);
        AddResult added = store.add(UUID.randomUUID().toString(), image.openStream(), image.size());

        Map<String, String> got = peer.get(added.location());
        assertThat(got).containsEntry("location", added.location());
        assertThat(got).containsEntry("size", Long.toString(added.size()));
        assertThat(got).containsEntry("read", Long.toString(added.size()));
        assertThat(got.get("md5")).isEqualTo(added.checksum()).isEqualTo(image.md5Hex());
        assertThat(got.get("multihash")).isEqualTo(added.multihash()).isEqualTo(image.sha512Hex());
    }

    @Test
    void pythonReadsWhatJavaWroteWithUnknownSizeAndThinProvisioning() throws Exception {
        byte[] data = new byte[3 * 8 * MIB + 77];
        System.arraycopy(GeneratedImage.of(2, 8L * MIB).toByteArray(), 0, data, 8 * MIB, 8 * MIB);
        try (RbdStore thin = cluster.store(POOL).thinProvisioning(true).build()) {
            AddResult added = thin.add(UUID.randomUUID().toString(), new ByteArrayInputStream(data),
                    ImageStore.UNKNOWN_SIZE);
            Map<String, String> got = peer.get(added.location());
            assertThat(got).containsEntry("size", Integer.toString(data.length));
            assertThat(got.get("md5")).isEqualTo(added.checksum()).isEqualTo(Digests.of(data).md5Hex());
            assertThat(got.get("multihash")).isEqualTo(added.multihash());
        }
    }

    @Test
    void javaReadsWhatPythonWrote() throws Exception {
        String id = UUID.randomUUID().toString();
        GeneratedImage image = GeneratedImage.of(3, 17L * MIB + 333);
        Map<String, String> added = peer.add(id, image, false);

        String location = added.get("location");
        assertThat(location).isEqualTo("rbd://" + cluster.fsid() + "/" + POOL + "/" + id + "/snap");
        assertThat(added).containsEntry("metadata", "{}");
        assertThat(store.size(location)).isEqualTo(Long.parseLong(added.get("size"))).isEqualTo(image.size());
        try (ImageData in = store.get(location)) {
            Digests digests = Digests.of(in);
            assertThat(digests.md5Hex()).isEqualTo(added.get("md5")).isEqualTo(image.md5Hex());
            assertThat(digests.sha512Hex()).isEqualTo(added.get("multihash")).isEqualTo(image.sha512Hex());
        }
        try (ImageData in = store.get(location, 9L * MIB - 100, 4096)) {
            assertThat(in.readAllBytes()).isEqualTo(image.bytes(9L * MIB - 100, 4096));
        }
    }

    @Test
    void javaReadsWhatPythonWroteWithUnknownSize() throws Exception {
        GeneratedImage image = GeneratedImage.of(4, 10L * MIB + 5);
        Map<String, String> added = peer.add(UUID.randomUUID().toString(), image, true);

        try (ImageData in = store.get(added.get("location"))) {
            assertThat(Digests.of(in)).isEqualTo(image.digests());
        }
    }

    @Test
    void bothLayTheirImagesOutAlike() throws Exception {
        GeneratedImage image = GeneratedImage.of(5, 9L * MIB);
        String javaId = UUID.randomUUID().toString();
        String pythonId = UUID.randomUUID().toString();
        store.add(javaId, image.openStream(), image.size());
        peer.add(pythonId, image, false);

        assertThat(admin.snapshots(javaId)).isEqualTo(admin.snapshots(pythonId)).containsExactly("snap");
        assertThat(admin.isProtected(javaId, "snap")).isEqualTo(admin.isProtected(pythonId, "snap")).isTrue();
        assertThat(admin.stat(javaId).order).isEqualTo(admin.stat(pythonId).order);
        assertThat(admin.stat(javaId).size).isEqualTo(admin.stat(pythonId).size);
        assertThat(info(javaId, "features")).isEqualTo(info(pythonId, "features"));
        assertThat(info(javaId, "format")).isEqualTo(info(pythonId, "format"));
        assertThat(admin.dataObjects(javaId)).hasSameSizeAs(admin.dataObjects(pythonId));
    }

    @Test
    void pythonDeletesAJavaImage() throws Exception {
        String location = store.add(UUID.randomUUID().toString(), GeneratedImage.of(6, 1000).openStream(), 1000)
                .location();
        assertThat(peer.delete(location)).containsEntry("deleted", location);
        assertThatThrownBy(() -> store.size(location)).isInstanceOf(NotFoundException.class);
        assertThat(admin.images()).isEmpty();
    }

    @Test
    void javaDeletesAPythonImage() throws Exception {
        String location = peer.add(UUID.randomUUID().toString(), GeneratedImage.of(7, 1000), false).get("location");
        store.delete(location);
        assertThat(peer.get(location)).containsEntry("error", "NotFound");
        assertThat(admin.images()).isEmpty();
    }

    @Test
    void eachSideSeesTheOthersImagesAsDuplicates() throws Exception {
        GeneratedImage image = GeneratedImage.of(8, 1000);
        String first = UUID.randomUUID().toString();
        store.add(first, image.openStream(), image.size());
        assertThat(peer.add(first, image, false)).containsEntry("error", "Duplicate");

        String second = UUID.randomUUID().toString();
        peer.add(second, image, false);
        assertThatThrownBy(() -> store.add(second, image.openStream(), image.size()))
                .isInstanceOf(DuplicateException.class);
        assertThat(admin.images()).containsExactlyInAnyOrder(first, second);
    }

    private String info(String image, String field) {
        String json = cluster.rbd("info", "--format", "json", POOL + "/" + image);
        return json.replaceAll("(?s).*\"" + field + "\":(\\[[^]]*]|[^,}]*).*", "$1");
    }
}
