package io.glancestore.ceph.internal;

import io.glancestore.spi.StoreOption;
import io.glancestore.spi.StoreOptions;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
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
 * @param defaultFeatures {@code rbd_default_features} (our extension): the feature bits of new
 *     images instead of the client configuration's; empty to use the client's
 */
public record RbdStoreConfig(String pool, Optional<String> user, Optional<Path> cephConf, Optional<String> monHost,
        Optional<Path> keyring, int chunkSize, int connectTimeoutSeconds, boolean thinProvisioning,
        Optional<String> defaultFeatures) {

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

    /** glance_store option: pool of new images. */
    public static final StoreOption<String> POOL = StoreOption.string("rbd_store_pool", DEFAULT_POOL)
            .describedAs("pool of new images; must exist");
    /** glance_store option: the cephx id. */
    public static final StoreOption<Optional<String>> USER = StoreOption.optionalString("rbd_store_user")
            .validatedBy(v -> v.matches("[A-Za-z0-9_.@-]+") ? Optional.empty()
                    : Optional.of("must be a cephx id such as glance"))
            .describedAs("cephx id, without client. (default: librados', admin)");
    /** glance_store option: the ceph.conf. */
    public static final StoreOption<Optional<String>> CEPH_CONF = StoreOption.optionalString("rbd_store_ceph_conf")
            .describedAs("ceph.conf to read (default: librados' search path)");
    /** Our option: librados' mon_host, for a cluster without a ceph.conf. */
    public static final StoreOption<Optional<String>> MON_HOST = StoreOption.optionalString("rbd_store_mon_host")
            .describedAs("librados mon_host, so no ceph.conf is needed (ours)");
    /** Our option: the keyring file. */
    public static final StoreOption<Optional<String>> KEYRING = StoreOption.optionalString("rbd_store_keyring")
            .describedAs("keyring file holding the user's key (ours)");
    /** glance_store option: object size of new images, MiB. */
    public static final StoreOption<Long> CHUNK_SIZE = StoreOption.integer("rbd_store_chunk_size", DEFAULT_CHUNK_MIB, 1,
            MAX_CHUNK_MIB).describedAs("object size of new images, MiB");
    /** glance_store option: how long to wait for the cluster, seconds. */
    public static final StoreOption<Long> CONNECT_TIMEOUT = StoreOption.integer("rados_connect_timeout",
            DEFAULT_CONNECT_TIMEOUT_SECONDS, Integer.MIN_VALUE, 3600)
            .describedAs("seconds to wait for the cluster; 0 or less keeps librados' 300");
    /** glance_store option: skip writing all-zero chunks. */
    public static final StoreOption<Boolean> THIN_PROVISIONING = StoreOption.bool("rbd_thin_provisioning", false)
            .describedAs("all-zero chunks are not written");
    /** Our option: the features of new images, overriding the client configuration's. */
    public static final StoreOption<Optional<String>> DEFAULT_FEATURES = StoreOption.optionalString("rbd_default_features")
            .validatedBy(RbdStoreConfig::featuresProblem)
            .describedAs("features of new images, a number or names (default: the client's, else layering; ours)");

    /** Every option, as the provider declares them. */
    public static final List<StoreOption<?>> OPTIONS = List.of(POOL, USER, CEPH_CONF, MON_HOST, KEYRING, CHUNK_SIZE,
            CONNECT_TIMEOUT, THIN_PROVISIONING, DEFAULT_FEATURES);

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
        String pool = POOL.read(options);
        Optional<String> user = USER.read(options);
        Optional<Path> cephConf = readableFile(options, CEPH_CONF);
        Optional<String> monHost = MON_HOST.read(options);
        Optional<Path> keyring = readableFile(options, KEYRING);
        int chunkMiB = CHUNK_SIZE.read(options).intValue();
        long timeout = CONNECT_TIMEOUT.read(options);
        boolean thin = THIN_PROVISIONING.read(options);
        Optional<String> features = DEFAULT_FEATURES.read(options);
        return new RbdStoreConfig(pool, user, cephConf, monHost, keyring, chunkMiB << 20,
                (int) Math.max(0, timeout), thin, features);
    }

    private static Optional<Path> readableFile(StoreOptions options, StoreOption<Optional<String>> option) {
        Optional<String> value = option.read(options);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(value.get()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw options.invalid(option.name(), "must name a readable file");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw options.invalid(option.name(), "must name a readable file");
        }
        return Optional.of(path);
    }

    private static Optional<String> featuresProblem(String value) {
        try {
            RbdFeatures.parse(value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("must be a number or RBD feature names such as layering,exclusive-lock");
        }
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
