package io.glancestore.vmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOptions;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class VmwareStoreProviderTest {

    private static StoreDriverProvider provider() {
        for (StoreDriverProvider provider : ServiceLoader.load(StoreDriverProvider.class)) {
            if (provider.type().equals("vmware")) {
                return provider;
            }
        }
        throw new AssertionError("no vmware provider registered");
    }

    @Test
    void isRegisteredAsVmware() {
        assertThat(provider()).isInstanceOf(VmwareStoreProvider.class);
    }

    @Test
    void badOptionsAreABadConfiguration() {
        assertThatThrownBy(() -> provider().create(StoreOptions.of("vm", Map.of("vmware_server_host", "vc"))))
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("vmware_server_username");
    }

    @Test
    void anUnreachableServerIsUnavailableWithoutShowingThePassword() {
        // Port 1 on loopback: refused at once.
        assertThatThrownBy(() -> VmwareStore.builder().host("127.0.0.1:1").username("glance")
                .password("hunter2-secret").httpTimeout(java.time.Duration.ofSeconds(5)).build())
                .isInstanceOf(RemoteServiceUnavailableException.class).hasMessageNotContaining("hunter2-secret");
    }

    @Test
    void theBuilderShowsOptionNamesOnly() {
        assertThat(VmwareStore.builder().password("hunter2-secret").toString()).doesNotContain("hunter2-secret")
                .contains("vmware_server_password");
    }
}
