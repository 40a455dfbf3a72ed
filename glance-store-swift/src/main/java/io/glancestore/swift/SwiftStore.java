package io.glancestore.swift;

import io.glancestore.ForwardingImageStore;
import io.glancestore.ImageStore;
import io.glancestore.spi.StoreBuilder;
import io.glancestore.swift.internal.SwiftOptions;
import io.glancestore.swift.internal.SwiftStoreDriver;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An image store in OpenStack Swift, interoperable with glance_store's swift driver: image
 * {@code <id>} is object {@code <id>} in container {@code glance} (or {@code glance_<prefix>} with
 * {@code swift_store_multiple_containers_seed}, or {@code glance_<id>} in multi-tenant mode).
 * Images at or above the large object size, or of unknown size, are written as segments
 * {@code <id>-00001}, {@code <id>-00002}, ... plus a Dynamic Large Object manifest, as Glance
 * writes them; Static Large Objects are read and deleted too. A Python Glance reads and deletes
 * these images as its own, and the other way round.
 *
 * <p>Data is streamed in bounded memory (a few MiB per add, whatever the image or segment size);
 * reads are ranged GETs resumed after a broken connection. Authentication is Keystone v3
 * (password or application credential, project scoped, endpoint from the catalog) or tempauth
 * (v1); tokens are renewed before they expire and after a 401. 5xx answers and unreachable
 * servers are retried with backoff, then reported as
 * {@link io.glancestore.exception.RemoteServiceUnavailableException}. Adds are atomic
 * duplicates-wise: of two adds of one id exactly one succeeds.
 *
 * <pre>{@code
 * try (SwiftStore store = SwiftStore.builder()
 *         .authAddress("https://keystone.example:5000/v3").authVersion("3")
 *         .user("service:glance").key(password).container("glance").build()) {
 *     AddResult added = store.add(imageId, data, size);
 *     try (ImageData image = store.get(added.location())) { image.transferTo(out); }
 * }
 * }</pre>
 *
 * <p>Credentials are never logged or shown: locations are masked in messages and
 * {@link #toString()}.
 */
public final class SwiftStore extends ForwardingImageStore {

    private final SwiftStoreDriver driver;

    private SwiftStore(ImageStore store, SwiftStoreDriver driver) {
        super(store);
        this.driver = driver;
    }

    /**
     * Starts configuring a swift store.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The container new images go to (before any per-image suffix).
     *
     * @return the container name
     */
    public String container() {
        return driver.config().container();
    }

    /** Forgets the tokens. Streams still open keep working until they are closed. */
    @Override
    public void close() {
        super.close();
    }

    @Override
    public String toString() {
        return "SwiftStore{id=" + id() + ", container=" + container() + "}";
    }

    /**
     * Configures a {@link SwiftStore}. Every setter stands for one of glance_store's options,
     * which {@link #option} also accepts by name, as in a {@code glance-api.conf}.
     *
     * <p>{@link #build()} creates the store, which authenticates on first use, not then. It
     * throws {@link io.glancestore.exception.BadStoreConfigurationException} if an option is
     * invalid.
     */
    public static final class Builder extends StoreBuilder<Builder, SwiftStore> {

        private Builder() {
            super(SwiftStoreDriver.TYPE, SwiftStoreDriver::open, SwiftStore::new);
        }

        /**
         * Sets the auth address ({@code swift_store_auth_address}).
         *
         * @param authAddress e.g. {@code https://keystone:5000/v3} or {@code http://swift:8080/auth/v1.0}
         * @return this builder
         */
        public Builder authAddress(String authAddress) {
            return option(SwiftOptions.AUTH_ADDRESS, authAddress);
        }

        /**
         * Sets the auth version ({@code swift_store_auth_version}).
         *
         * @param version {@code 3} (Keystone v3, the default) or {@code 1} (tempauth)
         * @return this builder
         */
        public Builder authVersion(String version) {
            return option(SwiftOptions.AUTH_VERSION, version);
        }

        /**
         * Sets the user ({@code swift_store_user}): {@code project:user} for Keystone,
         * {@code account:user} for tempauth.
         *
         * @param user the user
         * @return this builder
         */
        public Builder user(String user) {
            return option(SwiftOptions.USER, user);
        }

        /**
         * Sets the key or password ({@code swift_store_key}); never logged.
         *
         * @param key the key
         * @return this builder
         */
        public Builder key(String key) {
            return option(SwiftOptions.KEY, key);
        }

        /**
         * Authenticates with a Keystone application credential (our extension) instead of a user
         * and password; the secret is set with {@link #key}.
         *
         * @param id the application credential id
         * @return this builder
         */
        public Builder applicationCredential(String id) {
            return option(SwiftOptions.APPLICATION_CREDENTIAL, id);
        }

        /**
         * Reads the credentials from a glance-swift.conf ({@code swift_store_config_file});
         * locations are then written as {@code swift+config://<reference>/...}.
         *
         * @param file the file
         * @param defaultReference the reference new images use ({@code default_swift_reference})
         * @return this builder
         */
        public Builder configFile(Path file, String defaultReference) {
            option(SwiftOptions.CONFIG_FILE, file);
            return option(SwiftOptions.DEFAULT_REFERENCE, defaultReference);
        }

        /**
         * Sets the container ({@code swift_store_container}).
         *
         * @param container default {@code glance}
         * @return this builder
         */
        public Builder container(String container) {
            return option(SwiftOptions.CONTAINER, container);
        }

        /**
         * Creates a missing container on add ({@code swift_store_create_container_on_put}).
         *
         * @param create default false
         * @return this builder
         */
        public Builder createContainerOnPut(boolean create) {
            return option(SwiftOptions.CREATE_CONTAINER, create);
        }

        /**
         * Sets the size from which images are segmented ({@code swift_store_large_object_size}).
         *
         * @param megabytes in Glance's MB of 1,024,000 bytes; default 5120
         * @return this builder
         */
        public Builder largeObjectSizeMB(long megabytes) {
            return option(SwiftOptions.LARGE_OBJECT_SIZE, megabytes);
        }

        /**
         * Sets the segment size ({@code swift_store_large_object_chunk_size}).
         *
         * @param megabytes in Glance's MB of 1,024,000 bytes; default 200
         * @return this builder
         */
        public Builder largeObjectChunkSizeMB(long megabytes) {
            return option(SwiftOptions.LARGE_OBJECT_CHUNK_SIZE, megabytes);
        }

        /**
         * Puts each image in a container of its own, {@code <container>_<id>}, whose location
         * names the storage URL ({@code swift_store_multi_tenant}).
         *
         * @param multiTenant default false
         * @return this builder
         */
        public Builder multiTenant(boolean multiTenant) {
            return option(SwiftOptions.MULTI_TENANT, multiTenant);
        }

        /**
         * Spreads images over containers {@code <container>_<prefix>} by the first characters of
         * their id ({@code swift_store_multiple_containers_seed}).
         *
         * @param characters 0 (one container, the default) to 32
         * @return this builder
         */
        public Builder multipleContainersSeed(int characters) {
            return option(SwiftOptions.CONTAINERS_SEED, characters);
        }

        /**
         * Sets how often a broken read is resumed ({@code swift_store_retry_get_count}).
         *
         * @param count default 3 (glance_store: 0)
         * @return this builder
         */
        public Builder retryGetCount(int count) {
            return option(SwiftOptions.RETRY_GET_COUNT, count);
        }

        /**
         * Sets how long requests wait for an answer (our option).
         *
         * @param timeout default 120 s
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            return option(SwiftOptions.REQUEST_TIMEOUT_MS, timeout.toMillis());
        }
    }
}
