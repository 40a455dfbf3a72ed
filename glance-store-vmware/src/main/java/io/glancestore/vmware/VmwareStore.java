package io.glancestore.vmware;

import io.glancestore.ForwardingImageStore;
import io.glancestore.ImageStore;
import io.glancestore.spi.StoreBuilder;
import io.glancestore.vmware.internal.VmwareStoreConfig;
import io.glancestore.vmware.internal.VmwareStoreDriver;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An image store in vSphere datastores, interoperable with glance_store's vmware driver: image
 * {@code <id>} is the file {@code openstack_glance/<id>} (the image directory is configurable) in
 * one of the configured datastores, and its location is
 * {@code vsphere://<host>/folder/openstack_glance/<id>?dsName=<datastore>&dcPath=<datacenter>}.
 * A Python Glance reads and deletes these images as its own, and the other way round.
 *
 * <p>The vSphere API session (login, datastore free space, file delete and rename) goes through
 * yavijava; image bytes go over HTTPS to the datastore file access URL with the session cookie,
 * streamed both ways with bounded memory: with a Content-Length when the size is known, chunked
 * when not. A new image goes to the datastore of highest weight, and among equal weights to the
 * one with the most free space, if it fits there
 * ({@link io.glancestore.exception.StorageFullException} otherwise). It is uploaded to a hidden
 * temporary file and renamed into place at the end, so no reader sees a partial image and a
 * second add of an id fails with {@link io.glancestore.exception.DuplicateException} atomically.
 * Reads of any range are served with HTTP Range requests. An expired session (HTTP 401 or
 * {@code NotAuthenticated}) is renewed by a new login, at most {@code vmware_api_retry_count}
 * times per call; up to 5 redirects are followed; refused connections and 5xx answers to reads
 * are retried twice. The session cookie is only ever sent to the configured server.
 *
 * <p>TLS trust is the store's own: the CAs of {@code vmware_ca_file}, else the JVM's CAs, or with
 * {@code vmware_insecure} no check at all, for this store's connections only; the JVM-wide
 * defaults are left alone. The JVM must run with
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (yavijava reads vSphere faults by
 * reflection); without it, building the store fails with a
 * {@link io.glancestore.exception.BadStoreConfigurationException} that says so.
 *
 * <pre>{@code
 * try (VmwareStore store = VmwareStore.builder().host("vcenter.example.com").username("glance")
 *         .password(secret).caFile(Path.of("/etc/glance/vcenter-ca.pem"))
 *         .datastore("dc1", "datastore1", 100).build()) {
 *     AddResult added = store.add(imageId, data, size);
 *     try (ImageData image = store.get(added.location())) { image.transferTo(out); }
 * }
 * }</pre>
 */
public final class VmwareStore extends ForwardingImageStore {

    private final VmwareStoreDriver driver;

    private VmwareStore(ImageStore store, VmwareStoreDriver driver) {
        super(store);
        this.driver = driver;
    }

    /**
     * Starts configuring a vmware store.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The vCenter or ESX host the store talks to, with the port if one was given.
     *
     * @return the host
     */
    public String host() {
        return driver.config().host();
    }

    /** Logs out of the vSphere session. */
    @Override
    public void close() {
        super.close();
    }

    @Override
    public String toString() {
        return "VmwareStore{id=" + id() + ", host=" + host() + "}";
    }

    /**
     * Configures a {@link VmwareStore}. Every setter stands for one of glance_store's options,
     * which {@link #option} also accepts by name, as in a {@code glance-api.conf}.
     *
     * <p>{@link #build()} creates the store: logs in and checks that every configured datastore
     * exists. It throws {@link io.glancestore.exception.BadStoreConfigurationException} if an
     * option is invalid, a datastore does not exist, or the JVM lacks the {@code --add-opens}
     * option; {@link io.glancestore.exception.AuthorizationFailureException} if the login is
     * refused; {@link io.glancestore.exception.RemoteServiceUnavailableException} if the server
     * cannot be reached.
     */
    public static final class Builder extends StoreBuilder<Builder, VmwareStore> {

        private Builder() {
            super(VmwareStoreDriver.TYPE, VmwareStoreDriver::open, VmwareStore::new);
        }

        /**
         * Sets the vCenter or ESX host ({@code vmware_server_host}); it is also the host of every
         * location the store writes.
         *
         * @param host a name or address, optionally with {@code :port} (our extension)
         * @return this builder
         */
        public Builder host(String host) {
            return option(VmwareStoreConfig.HOST, host);
        }

        /**
         * Sets the user ({@code vmware_server_username}).
         *
         * @param username the user
         * @return this builder
         */
        public Builder username(String username) {
            return option(VmwareStoreConfig.USERNAME, username);
        }

        /**
         * Sets the password ({@code vmware_server_password}); it is never logged or shown.
         *
         * @param password the password
         * @return this builder
         */
        public Builder password(String password) {
            return option(VmwareStoreConfig.PASSWORD, password);
        }

        /**
         * Adds a datastore new images may go to (one {@code vmware_datastores} entry).
         *
         * @param datacenterPath the datacenter's inventory path
         * @param datastoreName the datastore's name
         * @param weight higher weights are chosen first
         * @return this builder
         */
        public Builder datastore(String datacenterPath, String datastoreName, long weight) {
            return addOption(VmwareStoreConfig.DATASTORES, datacenterPath + ":" + datastoreName + ":" + weight);
        }

        /**
         * Sets the folder of the images in the datastores ({@code vmware_store_image_dir}).
         *
         * @param imageDir default {@code /openstack_glance}
         * @return this builder
         */
        public Builder imageDir(String imageDir) {
            return option(VmwareStoreConfig.IMAGE_DIR, imageDir);
        }

        /**
         * Trusts the CAs of a PEM bundle ({@code vmware_ca_file}) for this store's connections.
         *
         * @param caFile the bundle
         * @return this builder
         */
        public Builder caFile(Path caFile) {
            return option(VmwareStoreConfig.CA_FILE, caFile);
        }

        /**
         * Skips the server certificate check ({@code vmware_insecure}) for this store's
         * connections only; ignored when a CA file is set. For tests.
         *
         * @param insecure whether to skip it; default false
         * @return this builder
         */
        public Builder insecure(boolean insecure) {
            return option(VmwareStoreConfig.INSECURE, insecure);
        }

        /**
         * Sets how many times a call logs in again after its session was refused
         * ({@code vmware_api_retry_count}).
         *
         * @param count at least 1; default 10
         * @return this builder
         */
        public Builder apiRetryCount(int count) {
            return option(VmwareStoreConfig.API_RETRY_COUNT, count);
        }

        /**
         * Sets the longest wait between two looks at a running vSphere task
         * ({@code vmware_task_poll_interval}); the first looks come sooner.
         *
         * @param interval whole seconds, at least 1; default 5
         * @return this builder
         */
        public Builder taskPollInterval(Duration interval) {
            return option(VmwareStoreConfig.TASK_POLL_INTERVAL, interval.toSeconds());
        }

        /**
         * Sets the connect and read timeout of every request ({@code vmware_http_timeout}, our
         * extension).
         *
         * @param timeout whole seconds, at least 1; default 300
         * @return this builder
         */
        public Builder httpTimeout(Duration timeout) {
            return option(VmwareStoreConfig.HTTP_TIMEOUT, Math.max(1, timeout.toSeconds()));
        }
    }
}
