package io.glancestore.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.Capability;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOptions;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SwiftStoreProviderTest {

    @Test
    void isFoundByServiceLoaderAsSwift() {
        assertThat(ServiceLoader.load(StoreDriverProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("swift"))).hasSize(1).first().isInstanceOf(SwiftStoreProvider.class);
    }

    @Test
    void withoutCredentialsTheStoreIsReadOnly() {
        try (StoreDriver driver = new SwiftStoreProvider().create(StoreOptions.of("s", Map.of()))) {
            assertThat(driver.capabilities()).contains(Capability.READ_ACCESS, Capability.DELETE_ACCESS)
                    .doesNotContain(Capability.WRITE_ACCESS);
        }
    }

    @Test
    void withCredentialsItWrites() {
        try (StoreDriver driver = new SwiftStoreProvider().create(StoreOptions.of("s", Map.of(
                "swift_store_auth_address", "http://127.0.0.1:1/auth/v1.0", "swift_store_user", "a:b",
                "swift_store_key", "k", "swift_store_auth_version", "1")))) {
            assertThat(driver.capabilities()).contains(Capability.WRITE_ACCESS);
            assertThat(driver.handles("swift+http://a%3Ab:k@127.0.0.1:1/auth/v1.0/glance/x")).isTrue();
            assertThat(driver.handles("rbd://a/b/c/snap")).isFalse();
        }
    }

    @Test
    void keystoneV2IsRefusedByName() {
        assertThatThrownBy(() -> new SwiftStoreProvider().create(StoreOptions.of("s",
                Map.of("swift_store_auth_version", "2")))).isInstanceOf(BadStoreConfigurationException.class)
                .hasMessageContaining("v2");
    }

    @Test
    void toStringShowsNoKey() {
        try (SwiftStore store = SwiftStore.builder().authAddress("http://127.0.0.1:1/auth/v1.0").authVersion("1")
                .user("a:b").key("sekrit").build()) {
            assertThat(store.toString()).doesNotContain("sekrit");
        }
    }
}
