package io.glancestore.ceph;

import io.glancestore.ForwardingImageStore;
import io.glancestore.ImageStore;
import io.glancestore.ceph.internal.RbdStoreConfig;
import io.glancestore.ceph.internal.RbdStoreDriver;
import io.glancestore.spi.StoreBuilder;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An image store in a Ceph cluster, interoperable with glance_store's rbd driver: image
 * {@code <id>} is the RBD image {@code <id>} in the pool (format 2, object size = the chunk size,
 * the cluster's default features, layering at least) with a protected snapshot {@code snap}, and
 * its location is {@code rbd://<fsid>/<pool>/<id>/snap}. Nova and Cinder clone from that
 * snapshot, and a Python Glance reads, and deletes, these images as its own (and the other way
 * round). Legacy {@code rbd://<id>} locations are read from the configured pool.
 *
 * <p>Adds stream: chunks go to the cluster as asynchronous writes, several in flight, from
 * buffers outside the Java heap. An image of unknown size grows ahead of the writes and is
 * trimmed at the end. Only the snapshot, created last, makes the image readable through its
 * location; a failed add removes the image. A second add of an id fails with
 * {@link io.glancestore.exception.DuplicateException}, atomically. Reads of any range are served
 * with read-ahead. A delete refuses, before changing anything, an image whose snapshot has clones
 * ({@link io.glancestore.exception.InUseByStoreException}) or that has other snapshots
 * ({@link io.glancestore.exception.HasSnapshotException}).
 *
 * <p>The store connects on first use and keeps the connection. A cluster that cannot be reached
 * within the connect timeout fails the call with
 * {@link io.glancestore.exception.RemoteServiceUnavailableException} (the next call tries
 * again); refused credentials are an {@link io.glancestore.exception.AuthorizationFailureException}.
 * The timeout defaults to 10 s: glance_store's {@code rados_connect_timeout} of 0 leaves librados'
 * own 300 s, during which a request to a dead cluster hangs.
 *
 * <pre>{@code
 * try (RbdStore store = RbdStore.builder().cephConf(Path.of("/etc/ceph/ceph.conf")).user("glance").build()) {
 *     AddResult added = store.add(imageId, data, size);
 *     try (ImageData image = store.get(added.location())) { image.transferTo(out); }
 * }
 * }</pre>
 */
public final class RbdStore extends ForwardingImageStore {

    private final RbdStoreDriver driver;

    private RbdStore(ImageStore store, RbdStoreDriver driver) {
        super(store);
        this.driver = driver;
    }

    /**
     * Starts configuring an rbd store.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The pool new images go to.
     *
     * @return the pool name
     */
    public String pool() {
        return driver.config().pool();
    }

    /**
     * The fsid of the cluster, which every location of this store names. Connects if the store
     * has not yet.
     *
     * @return the fsid
     * @throws io.glancestore.exception.RemoteServiceUnavailableException if the cluster cannot be
     *     reached
     */
    public String fsid() {
        return driver.fsid();
    }

    /**
     * Closes the connection to the cluster. Close the image streams first: while one is still
     * open the connection is left open (with a warning), since librados would free what the open
     * image still uses.
     */
    @Override
    public void close() {
        super.close();
    }

    @Override
    public String toString() {
        return "RbdStore{id=" + id() + ", pool=" + pool() + "}";
    }

    /**
     * Configures an {@link RbdStore}. Every setter stands for one of glance_store's options,
     * which {@link #option} also accepts by name, as in a {@code glance-api.conf}. Without a
     * {@code ceph.conf} and without monitor hosts, librados looks in its default places
     * ({@code $CEPH_CONF}, {@code /etc/ceph/ceph.conf}, ...).
     *
     * <p>{@link #build()} creates the store, which connects to the cluster on first use, not
     * then. It throws {@link io.glancestore.exception.BadStoreConfigurationException} if an option
     * is invalid, or a configured file does not exist.
     */
    public static final class Builder extends StoreBuilder<Builder, RbdStore> {

        private Builder() {
            super(RbdStoreDriver.TYPE, RbdStoreDriver::open, RbdStore::new);
        }

        /**
         * Sets the pool new images go to ({@code rbd_store_pool}); it must exist. Locations name
         * their pool, so images in other pools stay readable.
         *
         * @param pool the pool; default {@code images}
         * @return this builder
         */
        public Builder pool(String pool) {
            return option(RbdStoreConfig.POOL, pool);
        }

        /**
         * Sets the cephx user ({@code rbd_store_user}), without {@code client.}.
         *
         * @param user e.g. {@code glance}; default: librados' choice ({@code admin})
         * @return this builder
         */
        public Builder user(String user) {
            return option(RbdStoreConfig.USER, user);
        }

        /**
         * Sets the Ceph configuration file ({@code rbd_store_ceph_conf}), which names the
         * monitors and usually the keyring.
         *
         * @param cephConf the file, which must exist
         * @return this builder
         */
        public Builder cephConf(Path cephConf) {
            return option(RbdStoreConfig.CEPH_CONF, cephConf);
        }

        /**
         * Sets the monitor addresses ({@code rbd_store_mon_host}, our extension: librados'
         * {@code mon_host}), so no {@code ceph.conf} is needed; overrides the file's.
         *
         * @param monHost e.g. {@code v2:10.0.0.1:3300,v2:10.0.0.2:3300} or {@code 10.0.0.1}
         * @return this builder
         */
        public Builder monHost(String monHost) {
            return option(RbdStoreConfig.MON_HOST, monHost);
        }

        /**
         * Sets the keyring file holding the user's key ({@code rbd_store_keyring}, our
         * extension: librados' {@code keyring}). Only its path is handled here; librados reads it.
         *
         * @param keyring the file, which must exist
         * @return this builder
         */
        public Builder keyring(Path keyring) {
            return option(RbdStoreConfig.KEYRING, keyring);
        }

        /**
         * Sets the chunk size ({@code rbd_store_chunk_size}): the RBD object size of new images
         * (their order is its log2, rounded down) and the unit thin provisioning skips.
         *
         * @param mebibytes 1 to 32; default 8
         * @return this builder
         */
        public Builder chunkSizeMiB(int mebibytes) {
            return option(RbdStoreConfig.CHUNK_SIZE, mebibytes);
        }

        /**
         * Sets how long connecting may take ({@code rados_connect_timeout}) before a call fails
         * with {@link io.glancestore.exception.RemoteServiceUnavailableException}.
         *
         * @param timeout whole seconds; zero leaves librados' default (300 s); default 10 s
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            return option(RbdStoreConfig.CONNECT_TIMEOUT, timeout.toSeconds());
        }

        /**
         * Skips writing all-zero chunks ({@code rbd_thin_provisioning}): they stay unallocated
         * in the cluster and read as zeros.
         *
         * @param enabled whether to skip them; default false
         * @return this builder
         */
        public Builder thinProvisioning(boolean enabled) {
            return option(RbdStoreConfig.THIN_PROVISIONING, enabled);
        }
    }
}
