package io.glancestore.ceph;

import io.glancestore.ceph.internal.RbdStoreConfig;
import io.glancestore.ceph.internal.RbdStoreDriver;
import io.glancestore.spi.AbstractStoreDriverProvider;
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
public final class RbdStoreProvider extends AbstractStoreDriverProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public RbdStoreProvider() {
        super(RbdStoreDriver.TYPE, RbdStoreConfig.OPTIONS, RbdStoreConfig::from, RbdStoreDriver::open,
                Set.of(RbdLocation.SCHEME), RbdLocation::parse);
    }
}
