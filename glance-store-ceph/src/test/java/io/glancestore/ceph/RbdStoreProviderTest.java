package io.glancestore.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.Capability;
import io.glancestore.ceph.RbdLocation;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.BadStoreUriException;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOptions;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Discovery and configuration, which need no cluster: a store is configured without connecting,
 * so these run anywhere, Ceph's libraries installed or not.
 */
class RbdStoreProviderTest {

    @Test
    void theProviderIsFoundByTypeRbd() {
        StoreDriverProvider provider = ServiceLoader.load(StoreDriverProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.type().equals("rbd")).findFirst().orElseThrow();
        assertThat(provider).isInstanceOf(RbdStoreProvider.class);
        try (StoreDriver driver = provider.create(StoreOptions.of("ceph", Map.of("rbd_store_pool", "vms")))) {
            assertThat(driver.type()).isEqualTo("rbd");
            assertThat(driver.writeChunkSize()).isEqualTo(4 << 20);
        }
    }

    @Test
    void aStoreIsConfiguredWithoutConnecting() {
        try (RbdStore store = RbdStore.builder().id("ceph").pool("vms").monHost("v2:192.0.2.1:3300").build()) {
            assertThat(store.id()).isEqualTo("ceph");
            assertThat(store.type()).isEqualTo("rbd");
            assertThat(store.pool()).isEqualTo("vms");
            assertThat(store.capabilities()).contains(Capability.READ_RANDOM, Capability.WRITE_ACCESS,
                    Capability.DELETE_ACCESS, Capability.DRIVER_REUSABLE);
        }
    }

    @Test
    void rbdLocationsAreHandledAndOthersRefused() {
        try (RbdStore store = RbdStore.builder().monHost("v2:192.0.2.1:3300").build()) {
            String location = "rbd://fsid/images/1234/snap";
            assertThat(store.handles(location)).isTrue();
            assertThat(store.handles("rbd://1234")).isTrue();
            assertThat(store.location(location)).isEqualTo(RbdLocation.of("fsid", "images", "1234", "snap"));
            assertThat(store.handles("file:///var/lib/glance/images/1234")).isFalse();
            assertThat(store.handles("rbd://a/b/c")).isFalse();
            assertThatThrownBy(() -> store.size("rbd://a/b")).isInstanceOf(BadStoreUriException.class);
        }
    }

    @Test
    void badOptionsFailTheBuild() {
        assertThatThrownBy(() -> RbdStore.builder().chunkSizeMiB(64).build())
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("rbd_store_chunk_size");
        assertThatThrownBy(() -> RbdStore.builder().option("rados_connect_timeout", "soon").build())
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("rados_connect_timeout");
    }
}
