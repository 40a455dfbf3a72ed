package io.glancestore.ceph.internal;

import io.glancestore.spi.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The options of an rbd store, read once with glance_store's names and defaults, plus two of our
 * own for using a cluster without a {@code ceph.conf}.
 *
 * @param pool {@code rbd_store_pool}, default {@code images}
 * @param user {@code rbd_store_user}: the cephx id without {@code client.}; empty lets librados
 *     choose ({@code admin})
 * @param cephConf {@code rbd_store_ceph_conf}; empty searches librados' default places
 *     ({@code $CEPH_CONF}, {@code /etc/ceph/ceph.conf}, ...) unless a monitor host is given
 * @param monHost {@code rbd_store_mon_host} (our extension): librados' {@code mon_host}
 * @param keyring {@code rbd_store_keyring} (our extension): librados' {@code keyring} path
 * @param chunkSize {@code rbd_store_chunk_size} in bytes (the option is in MiB, default 8)
 * @param connectTimeoutSeconds {@code rados_connect_timeout}; 0 keeps librados' own (300 s)
 * @param thinProvisioning {@code rbd_thin_provisioning}: all-zero chunks are not written
 */
public record RbdStoreConfig(String pool, Optional<String> user, Optional<Path> cephConf, Optional<String> monHost,
        Optional<Path> keyring, int chunkSize, int connectTimeoutSeconds, boolean thinProvisioning) {

    /** glance_store's default pool. */
    public static final String DEFAULT_POOL = "images";
    /** glance_store's default chunk size, in MiB. */
    public static final int DEFAULT_CHUNK_MIB = 8;
    /**
     * Our default connect timeout, in seconds. glance_store's default (0) leaves librados' 300 s,
     * which makes a dead cluster hang every request for five minutes.
     */
    public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
    /** Largest chunk: librbd accepts object orders up to 25 (32 MiB). */
    public static final int MAX_CHUNK_MIB = 32;

    /** Data handed to the driver per write call: the chunk, or 4 MiB parts of larger ones. */
    private static final int MAX_WRITE_CHUNK = 4 << 20;

    /** Validates the values. */
    public RbdStoreConfig {
        if (pool == null || pool.isEmpty()) {
            throw new IllegalArgumentException("pool must be set");
        }
        if (chunkSize < (1 << 20) || chunkSize > (MAX_CHUNK_MIB << 20)) {
            throw new IllegalArgumentException("chunk size out of range: " + chunkSize);
        }
    }

    /**
     * Reads the options.
     *
     * @param options the store's options
     * @return the configuration
     * @throws io.glancestore.exception.BadStoreConfigurationException if an option is invalid, or
     *     a configured file does not exist
     */
    public static RbdStoreConfig from(StoreOptions options) {
        String pool = options.string("rbd_store_pool", DEFAULT_POOL);
        Optional<String> user = options.string("rbd_store_user");
        if (user.isPresent() && !user.get().matches("[A-Za-z0-9_.@-]+")) {
            throw options.invalid("rbd_store_user", "must be a cephx id such as glance");
        }
        Optional<Path> cephConf = readableFile(options, "rbd_store_ceph_conf");
        Optional<String> monHost = options.string("rbd_store_mon_host");
        Optional<Path> keyring = readableFile(options, "rbd_store_keyring");
        int chunkMiB = (int) options.integer("rbd_store_chunk_size", DEFAULT_CHUNK_MIB, 1, MAX_CHUNK_MIB);
        long timeout = options.integer("rados_connect_timeout", DEFAULT_CONNECT_TIMEOUT_SECONDS,
                Integer.MIN_VALUE, 3600);
        boolean thin = options.bool("rbd_thin_provisioning", false);
        return new RbdStoreConfig(pool, user, cephConf, monHost, keyring, chunkMiB << 20,
                (int) Math.max(0, timeout), thin);
    }

    private static Optional<Path> readableFile(StoreOptions options, String key) {
        Optional<String> value = options.string(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(value.get()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw options.invalid(key, "must name a readable file");
        }
        return Optional.of(path);
    }

    /**
     * The RBD object order of new images: log2 of the chunk size, rounded down, as glance_store
     * computes it.
     *
     * @return the order, 20 to 25
     */
    public int order() {
        return 31 - Integer.numberOfLeadingZeros(chunkSize);
    }

    /**
     * How many bytes the API layer hands to each write: the chunk, capped so the add pipeline's
     * buffers stay small in a small heap. A cap that is a power of two divides every power-of-two
     * chunk, so all-zero chunks are still skipped whole under thin provisioning.
     *
     * @return bytes per write call
     */
    public int writeChunkSize() {
        return Math.min(chunkSize, MAX_WRITE_CHUNK);
    }

    /**
     * Bytes per read request: the chunk, capped like writes.
     *
     * @return bytes per read request
     */
    public int readChunkSize() {
        return Math.min(chunkSize, MAX_WRITE_CHUNK);
    }
}
