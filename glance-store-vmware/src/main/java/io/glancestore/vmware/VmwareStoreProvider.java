package io.glancestore.vmware;

import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOption;
import io.glancestore.spi.StoreOptions;
import io.glancestore.vmware.internal.VmwareStoreConfig;
import io.glancestore.vmware.internal.VmwareStoreDriver;
import java.util.List;
import java.util.Set;

/**
 * Provides the {@code vmware} store type to {@link io.glancestore.StoreRegistry}, configured with
 * glance_store's option names: {@code vmware_server_host}, {@code vmware_server_username},
 * {@code vmware_server_password}, {@code vmware_datastores} ({@code dc_path:ds_name[:weight]},
 * repeated or comma-separated), {@code vmware_store_image_dir} (default
 * {@code /openstack_glance}), {@code vmware_api_retry_count} (default 10),
 * {@code vmware_task_poll_interval} (seconds, default 5), {@code vmware_ca_file},
 * {@code vmware_insecure}; and our {@code vmware_http_timeout} (seconds, default 300). See
 * {@link VmwareStore} for the behaviour.
 */
public final class VmwareStoreProvider implements StoreDriverProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public VmwareStoreProvider() {
    }

    @Override
    public String type() {
        return VmwareStoreDriver.TYPE;
    }

    @Override
    public List<StoreOption<?>> options() {
        return VmwareStoreConfig.OPTIONS;
    }

    @Override
    public void validate(StoreOptions options) {
        VmwareStoreDriver.validate(options);
    }

    @Override
    public StoreDriver create(StoreOptions options) {
        return VmwareStoreDriver.open(options);
    }

    @Override
    public Set<String> locationSchemes() {
        return Set.of(VsphereLocation.SCHEME);
    }

    @Override
    public VsphereLocation parseLocation(String uri) {
        return VsphereLocation.parse(uri);
    }
}
