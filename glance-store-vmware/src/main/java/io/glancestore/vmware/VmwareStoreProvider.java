package io.glancestore.vmware;

import io.glancestore.spi.AbstractStoreDriverProvider;
import io.glancestore.vmware.internal.VmwareStoreConfig;
import io.glancestore.vmware.internal.VmwareStoreDriver;
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
public final class VmwareStoreProvider extends AbstractStoreDriverProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public VmwareStoreProvider() {
        super(VmwareStoreDriver.TYPE, VmwareStoreConfig.OPTIONS, VmwareStoreDriver::validate, VmwareStoreDriver::open,
                Set.of(VsphereLocation.SCHEME), VsphereLocation::parse);
    }
}
