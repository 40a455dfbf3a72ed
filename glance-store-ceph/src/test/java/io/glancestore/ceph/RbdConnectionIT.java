package io.glancestore.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the store reaches its cluster: with monitor addresses and a keyring instead of a
 * ceph.conf, and what it says when the cluster is not there or refuses the key.
 */
class RbdConnectionIT {

    private static CephCluster cluster;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        cluster = CephCluster.get();
    }

    @Test
    void monitorAddressesAndAKeyringNeedNoCephConf() throws Exception {
        GeneratedImage image = GeneratedImage.of(1, 3L << 20);
        try (RbdStore store = RbdStore.builder().monHost(cluster.monHost()).keyring(cluster.keyring())
                .user(cluster.user()).pool(cluster.pool()).build()) {
            AddResult added = store.add(UUID.randomUUID().toString(), image.openStream(), image.size());
            try (ImageData in = store.get(added.location())) {
                assertThat(Digests.of(in)).isEqualTo(image.digests());
            }
            store.delete(added.location());
        }
    }

    /**
     * Nothing listens at the monitor address: every call fails with
     * RemoteServiceUnavailableException once the connect timeout is over - the cluster may come
     * back, so this is not a configuration error - instead of librados' five minutes (the test's
     * own timeout would fail it first).
     */
    @Test
    @Timeout(90)
    void aDeadClusterIsUnavailableWithinTheConnectTimeout() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (RbdStore store = RbdStore.builder().monHost("v2:127.0.0.1:" + port).keyring(cluster.keyring())
                .user(cluster.user()).connectTimeout(Duration.ofSeconds(3)).build()) {
            assertThatThrownBy(() -> store.add(UUID.randomUUID().toString(), new ByteArrayInputStream(new byte[1]), 1))
                    .isInstanceOf(RemoteServiceUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
            // Not remembered: the next call tries again, and fails the same way.
            assertThatThrownBy(() -> store.size("rbd://" + cluster.fsid() + "/images/x/snap"))
                    .isInstanceOf(RemoteServiceUnavailableException.class);
        }
    }

    @Test
    @Timeout(90)
    void aWrongKeyIsAnAuthorizationFailureAndTheKeyIsNotInTheMessage() throws Exception {
        String key = CephCluster.run(List.of("ceph-authtool", "--gen-print-key")).trim();
        Path keyring = tmp.resolve("wrong.keyring");
        Files.writeString(keyring, "[client." + cluster.user() + "]\n\tkey = " + key + "\n");
        try (RbdStore store = RbdStore.builder().monHost(cluster.monHost()).keyring(keyring).user(cluster.user())
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> store.fsid());
            assertThat(thrown).isInstanceOf(AuthorizationFailureException.class);
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(key);
            }
        }
    }

    @Test
    void aMissingCephConfOrKeyringIsABadConfiguration() {
        assertThatThrownBy(() -> RbdStore.builder().cephConf(tmp.resolve("missing.conf")).build())
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("rbd_store_ceph_conf");
        assertThatThrownBy(() -> RbdStore.builder().keyring(tmp.resolve("missing.keyring")).build())
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("rbd_store_keyring");
    }

    @Test
    void theRegistryFindsTheRbdType() throws Exception {
        GeneratedImage image = GeneratedImage.of(2, 1000);
        try (io.glancestore.StoreRegistry stores = io.glancestore.StoreRegistry.builder()
                .backend("ceph", "rbd", java.util.Map.of("rbd_store_ceph_conf", cluster.conf().toString(),
                        "rbd_store_user", cluster.user(), "rbd_store_pool", cluster.pool()))
                .build()) {
            AddResult added = stores.add(UUID.randomUUID().toString(), image.openStream(), image.size());
            assertThat(added.metadata()).containsEntry("store", "ceph");
            try (ImageData in = stores.get(added.location())) {
                assertThat(Digests.of(in)).isEqualTo(image.digests());
            }
            stores.delete(added.location());
        }
    }
}
