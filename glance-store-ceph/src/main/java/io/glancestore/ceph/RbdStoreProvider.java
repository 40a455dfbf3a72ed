package io.glancestore.ceph;

import io.glancestore.ceph.internal.RbdStoreConfig;
import io.glancestore.ceph.internal.RbdStoreDriver;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOption;
import io.glancestore.spi.StoreOptions;
import java.util.List;
import java.util.Set;

/**
 * Provides the {@code rbd} store type to {@link io.glancestore.StoreRegistry}, configured with
 * glance_store's option names - {@code rbd_store_pool} (default {@code images}),
 * {@code rbd_store_user}, {@code rbd_store_ceph_conf}, {@code rbd_store_chunk_size} (MiB,
 * default 8), {@code rados_connect_timeout} (seconds; default 10 here, see {@link RbdStore}),
 * {@code rbd_thin_provisioning} - and two of our own for clusters without a {@code ceph.conf}:
 * {@code rbd_store_mon_host} and {@code rbd_store_keyring}, and {@code rbd_default_features} to
 * choose the features of new images. See {@link RbdStore} for the behaviour.
 */
public final class RbdStoreProvider implements StoreDriverProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public RbdStoreProvider() {
    }

    @Override
    public String type() {
        return RbdStoreDriver.TYPE;
    }

    @Override
    public List<StoreOption<?>> options() {
        return RbdStoreConfig.OPTIONS;
    }

    @Override
    public void validate(StoreOptions options) {
        RbdStoreConfig.from(options);
    }

    @Override
    public StoreDriver create(StoreOptions options) {
        return RbdStoreDriver.open(options);
    }

    @Override
    public Set<String> locationSchemes() {
        return Set.of(RbdLocation.SCHEME);
    }

    @Override
    public RbdLocation parseLocation(String uri) {
        return RbdLocation.parse(uri);
    }
}
