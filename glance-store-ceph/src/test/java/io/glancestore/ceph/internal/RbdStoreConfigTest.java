package io.glancestore.ceph.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.spi.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** glance_store's rbd options, their defaults and their limits. */
class RbdStoreConfigTest {

    @TempDir
    Path tmp;

    @Test
    void defaultsAreGlanceStoresExceptTheConnectTimeout() {
        RbdStoreConfig config = read(Map.of());

        assertThat(config.pool()).isEqualTo("images");
        assertThat(config.user()).isEmpty();
        assertThat(config.cephConf()).isEmpty();
        assertThat(config.monHost()).isEmpty();
        assertThat(config.keyring()).isEmpty();
        assertThat(config.chunkSize()).isEqualTo(8 << 20);
        assertThat(config.order()).isEqualTo(23);
        assertThat(config.thinProvisioning()).isFalse();
        assertThat(config.connectTimeoutSeconds()).isEqualTo(10);
    }

    @Test
    void everyOptionIsRead() throws Exception {
        Path conf = Files.writeString(tmp.resolve("ceph.conf"), "[global]\n");
        Path keyring = Files.writeString(tmp.resolve("keyring"), "");
        StoreOptions options = StoreOptions.of("ceph", Map.of("rbd_store_pool", "glance-images",
                "rbd_store_user", "glance", "rbd_store_ceph_conf", conf.toString(), "rbd_store_chunk_size", "16",
                "rados_connect_timeout", "30", "rbd_thin_provisioning", "true",
                "rbd_store_mon_host", "v2:10.0.0.1:3300", "rbd_store_keyring", keyring.toString()));

        RbdStoreConfig config = RbdStoreConfig.from(options);

        assertThat(config.pool()).isEqualTo("glance-images");
        assertThat(config.user()).contains("glance");
        assertThat(config.cephConf()).contains(conf);
        assertThat(config.monHost()).contains("v2:10.0.0.1:3300");
        assertThat(config.keyring()).contains(keyring);
        assertThat(config.chunkSize()).isEqualTo(16 << 20);
        assertThat(config.order()).isEqualTo(24);
        assertThat(config.connectTimeoutSeconds()).isEqualTo(30);
        assertThat(config.thinProvisioning()).isTrue();
        assertThat(options.unusedKeys()).isEmpty();
    }

    @ParameterizedTest(name = "{0} MiB -> order {1}")
    @CsvSource({"1, 20", "2, 21", "3, 21", "8, 23", "12, 23", "32, 25"})
    void orderIsLog2OfTheChunkRoundedDown(int mib, int order) {
        assertThat(read(Map.of("rbd_store_chunk_size", Integer.toString(mib))).order()).isEqualTo(order);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "33", "eight", "1.5"})
    void chunkSizesLibrbdCannotUseAreRefused(String value) {
        assertThatThrownBy(() -> read(Map.of("rbd_store_chunk_size", value)))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("rbd_store_chunk_size");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1"})
    void aConnectTimeoutOfZeroOrLessLeavesLibradosDefault(String value) {
        assertThat(read(Map.of("rados_connect_timeout", value)).connectTimeoutSeconds()).isZero();
    }

    @Test
    void writesAndReadsUseTheChunkUpTo4MiB() {
        assertThat(read(Map.of("rbd_store_chunk_size", "1")).writeChunkSize()).isEqualTo(1 << 20);
        assertThat(read(Map.of("rbd_store_chunk_size", "8")).writeChunkSize()).isEqualTo(4 << 20);
        assertThat(read(Map.of("rbd_store_chunk_size", "8")).readChunkSize()).isEqualTo(4 << 20);
    }

    @Test
    void filesThatDoNotExistAreRefusedWithoutShowingTheValue() {
        String secretPath = tmp.resolve("missing-keyring").toString();
        assertThatThrownBy(() -> read(Map.of("rbd_store_keyring", secretPath)))
                .isInstanceOf(BadStoreConfigurationException.class)
                .hasMessageContaining("rbd_store_keyring").hasMessageNotContaining(secretPath);
        assertThatThrownBy(() -> read(Map.of("rbd_store_ceph_conf", secretPath)))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("rbd_store_ceph_conf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"glance user", "x;y", "a/b"})
    void usersThatAreNoCephxIdsAreRefused(String user) {
        assertThatThrownBy(() -> read(Map.of("rbd_store_user", user)))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("rbd_store_user");
    }

    @Test
    void aBooleanThatIsNoneIsRefused() {
        assertThatThrownBy(() -> read(Map.of("rbd_thin_provisioning", "maybe")))
                .isInstanceOf(BadStoreConfigurationException.class);
    }

    private static RbdStoreConfig read(Map<String, String> values) {
        return RbdStoreConfig.from(StoreOptions.of("ceph", values));
    }
}
