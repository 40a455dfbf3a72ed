package io.glancestore.vmware.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.StorageFullException;
import io.glancestore.spi.StoreOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** glance_store's choice: highest weight first, then most free space, if the image fits there. */
class DatastoreSelectionTest {

    private final FakeVsphere vsphere = new FakeVsphere();

    private VmwareStoreDriver driver(String datastores) {
        VmwareStoreConfig config = VmwareStoreConfig.from(StoreOptions.of("vm", Map.of("vmware_server_host", "vc",
                "vmware_server_username", "u", "vmware_server_password", "p", "vmware_datastores", datastores)));
        return new VmwareStoreDriver(config, vsphere, TlsSettings.of(config.caFile(), false));
    }

    @Test
    void theHighestWeightWinsOverMoreFreeSpace() {
        vsphere.freeByDatastore.putAll(Map.of("big", 1000L, "small", 100L));
        assertThat(driver("dc:big:1,dc:small:50").select(10).datastoreName()).isEqualTo("small");
    }

    @Test
    void amongEqualWeightsTheMostFreeSpaceWins() {
        vsphere.freeByDatastore.putAll(Map.of("a", 100L, "b", 300L, "c", 200L));
        assertThat(driver("dc:a,dc:b,dc:c").select(10).datastoreName()).isEqualTo("b");
    }

    @Test
    void aFullTierFallsBackToTheNextWeight() {
        vsphere.freeByDatastore.putAll(Map.of("fast", 50L, "slow", 5000L));
        assertThat(driver("dc:fast:9,dc:slow:1").select(100).datastoreName()).isEqualTo("slow");
    }

    @Test
    void anUnknownSizeNeedsSomeFreeSpace() {
        vsphere.freeByDatastore.putAll(Map.of("full", 0L, "room", 1L));
        assertThat(driver("dc:full:9,dc:room:1").select(-1).datastoreName()).isEqualTo("room");
    }

    @Test
    void nowhereToFitIsStorageFull() {
        vsphere.freeByDatastore.putAll(Map.of("a", 10L, "b", 20L));
        assertThatThrownBy(() -> driver("dc:a:2,dc:b:1").select(21)).isInstanceOf(StorageFullException.class);
    }

    @Test
    void withoutDatastoresThereIsNoWriteAccess() {
        VmwareStoreConfig config = VmwareStoreConfig.from(StoreOptions.of("vm", Map.of("vmware_server_host", "vc",
                "vmware_server_username", "u", "vmware_server_password", "p")));
        VmwareStoreDriver readOnly = new VmwareStoreDriver(config, vsphere, TlsSettings.of(config.caFile(), false));
        assertThat(readOnly.capabilities()).doesNotContain(io.glancestore.Capability.WRITE_ACCESS);
        assertThat(driver("dc:a").capabilities()).contains(io.glancestore.Capability.WRITE_ACCESS,
                io.glancestore.Capability.READ_RANDOM);
    }

    @Test
    void fileManagerPathsAreDatastoreRelative() {
        io.glancestore.vmware.VsphereLocation location = io.glancestore.vmware.VsphereLocation.parse(
                "vsphere://vc/folder/openstack_glance/abc?dsName=ds+1&dcPath=dc%2Fx");
        assertThat(VmwareStoreDriver.datastorePath(location)).isEqualTo("[ds 1] openstack_glance/abc");
    }
}
