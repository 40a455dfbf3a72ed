package io.glancestore.vmware.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.spi.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmwareStoreConfigTest {

    private static final String PASSWORD = "pa55-w0rd-xyz";

    private static VmwareStoreConfig config(String... keyValues) {
        Map<String, String> options = new HashMap<>(Map.of("vmware_server_host", "vc.example.com",
                "vmware_server_username", "glance", "vmware_server_password", PASSWORD));
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return VmwareStoreConfig.from(StoreOptions.of("vm", options));
    }

    @Test
    void defaultsAreGlanceStores() {
        VmwareStoreConfig config = config();
        assertThat(config.apiRetryCount()).isEqualTo(10);
        assertThat(config.taskPollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.imageDir()).isEqualTo("openstack_glance");
        assertThat(config.insecure()).isFalse();
        assertThat(config.caFile()).isEmpty();
        assertThat(config.datastores()).isEmpty();
        assertThat(config.sdkUrl()).isEqualTo("https://vc.example.com/sdk");
    }

    @Test
    void datastoresParseWithAndWithoutWeight() {
        VmwareStoreConfig config = config("vmware_datastores", "dc1:ds1, folder/dc2:ds 2:100\nweird:dc:ds3:-5");
        assertThat(config.datastores()).containsExactly(new DatastoreSpec("dc1", "ds1", 0),
                new DatastoreSpec("folder/dc2", "ds 2", 100), new DatastoreSpec("weird:dc", "ds3", -5));
    }

    @Test
    void malformedDatastoresAreRefusedNamingTheOption() {
        for (String bad : new String[] {"justone", "dc:", ":ds", "dc:ds:x:heavy"}) {
            assertThatThrownBy(() -> config("vmware_datastores", bad)).as(bad)
                    .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("vmware_datastores");
        }
    }

    @Test
    void requiredOptionsAndRangesAreChecked() {
        assertThatThrownBy(() -> VmwareStoreConfig.from(StoreOptions.of("vm", Map.of())))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("vmware_server_host");
        assertThatThrownBy(() -> config("vmware_api_retry_count", "0")).isInstanceOf(BadStoreConfigurationException.class);
        assertThatThrownBy(() -> config("vmware_task_poll_interval", "soon"))
                .isInstanceOf(BadStoreConfigurationException.class);
        assertThatThrownBy(() -> config("vmware_store_image_dir", "/../etc"))
                .isInstanceOf(BadStoreConfigurationException.class);
        assertThatThrownBy(() -> config("vmware_server_host", "bad host/x"))
                .isInstanceOf(BadStoreConfigurationException.class);
    }

    @Test
    void aHostMayCarryAPort() {
        assertThat(config("vmware_server_host", "127.0.0.1:8989").sdkUrl()).isEqualTo("https://127.0.0.1:8989/sdk");
    }

    @Test
    void theImageDirLosesItsSlashes() {
        assertThat(config("vmware_store_image_dir", "/glance/images/").imageDir()).isEqualTo("glance/images");
    }

    @Test
    void aCaFileMustExistAndTurnsInsecureOff(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> config("vmware_ca_file", dir.resolve("none.pem").toString()))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("vmware_ca_file");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        assertThat(config("vmware_ca_file", ca.toString(), "vmware_insecure", "true").insecure()).isFalse();
        assertThat(config("vmware_insecure", "yes").insecure()).isTrue();
    }

    @Test
    void aCaFileThatIsNoCertificateIsABadConfiguration(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(() -> TlsSettings.of(java.util.Optional.of(ca), false))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("ca.pem");
    }

    @Test
    void thePasswordNeverShows() {
        VmwareStoreConfig config = config();
        assertThat(config.toString()).doesNotContain(PASSWORD);
        assertThat(config.password().toString()).doesNotContain(PASSWORD);
        assertThat(config.password().reveal()).isEqualTo(PASSWORD);
        assertThatThrownBy(() -> config("vmware_api_retry_count", PASSWORD)).hasMessageNotContaining(PASSWORD);
    }
}
