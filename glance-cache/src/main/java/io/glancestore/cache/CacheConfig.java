package io.glancestore.cache;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.spi.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of an image cache, named as in Glance's {@code glance-api.conf} and Kolla's
 * {@code globals.yml}, so a deployment's existing values can be passed through unchanged.
 * Immutable; build with {@link #builder()} or read from options with {@link #fromOptions(Map)}.
 *
 * <p>Unlike Glance, where {@code image_cache_max_size} is only a threshold for a pruner run from
 * cron, the cache built from this configuration never lets its folder grow past
 * {@link #maxSize()}.
 */
public final class CacheConfig {

    /** Glance option: the cache folder. Required when the cache is enabled. */
    public static final String IMAGE_CACHE_DIR = "image_cache_dir";
    /** Glance option: the most bytes the cache folder may hold. */
    public static final String IMAGE_CACHE_MAX_SIZE = "image_cache_max_size";
    /** Kolla's name for {@link #IMAGE_CACHE_MAX_SIZE}. */
    public static final String GLANCE_CACHE_MAX_SIZE = "glance_cache_max_size";
    /** Glance option: seconds after which an incomplete or invalid cache file is removed. */
    public static final String IMAGE_CACHE_STALL_TIME = "image_cache_stall_time";
    /** Kolla option: whether the image cache is on at all. */
    public static final String ENABLE_GLANCE_IMAGE_CACHE = "enable_glance_image_cache";
    /** Glance option: seconds between runs of the prefetch queue; {@code 0} never runs it by itself. */
    public static final String CACHE_PREFETCHER_INTERVAL = "cache_prefetcher_interval";
    /**
     * Seconds between background runs of {@code clean()} and {@code prune()}; {@code 0} turns the
     * background scheduler off. Not a Glance option: Glance has no scheduler and relies on cron.
     */
    public static final String IMAGE_CACHE_MAINTENANCE_INTERVAL = "image_cache_maintenance_interval";
    /** Glance option: the multihash algorithm recorded for images cached without a known hash. */
    public static final String HASHING_ALGORITHM = "hashing_algorithm";
    /**
     * Whether every whole-image hit is hashed against the recorded md5 and multihash as it is
     * read (bit rot caught on the read that meets it), not only checked to be the published
     * file. Not a Glance option.
     */
    public static final String IMAGE_CACHE_VERIFY_HITS = "image_cache_verify_hits";

    /** Glance's default {@code image_cache_max_size}: 10 GiB. */
    public static final long DEFAULT_MAX_SIZE = 10_737_418_240L;
    /** Glance's default {@code image_cache_stall_time}: one day. */
    public static final Duration DEFAULT_STALL_TIME = Duration.ofSeconds(86_400);
    /** Glance's default {@code cache_prefetcher_interval}: five minutes. */
    public static final Duration DEFAULT_PREFETCHER_INTERVAL = Duration.ofSeconds(300);
    /** Default interval of the background clean and prune: five minutes. */
    public static final Duration DEFAULT_MAINTENANCE_INTERVAL = Duration.ofSeconds(300);

    private final Path dir;
    private final long maxSize;
    private final Duration stallTime;
    private final boolean enabled;
    private final Duration prefetcherInterval;
    private final Duration maintenanceInterval;
    private final String hashAlgorithm;
    private final boolean verifyHits;

    private CacheConfig(Builder b) {
        this.dir = b.dir;
        this.maxSize = b.maxSize;
        this.stallTime = b.stallTime;
        this.enabled = b.enabled;
        this.prefetcherInterval = b.prefetcherInterval;
        this.maintenanceInterval = b.maintenanceInterval;
        this.hashAlgorithm = b.hashAlgorithm;
        this.verifyHits = b.verifyHits;
    }

    /**
     * Starts building a configuration with Glance's defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a configuration from option values keyed by their Glance or Kolla names: for
     * instance the {@code [DEFAULT]} section of a {@code glance-api.conf}. Keys the cache does
     * not know are ignored, so a whole section can be passed.
     *
     * @param options option values by name
     * @return the configuration
     * @throws BadStoreConfigurationException if a value is malformed or out of range, or if
     *     {@code image_cache_max_size} and {@code glance_cache_max_size} disagree
     */
    public static CacheConfig fromOptions(Map<String, String> options) {
        StoreOptions o = StoreOptions.of("image_cache", "image cache options", options);
        Builder b = builder();
        b.enabled(o.bool(ENABLE_GLANCE_IMAGE_CACHE, true));
        o.string(IMAGE_CACHE_DIR).ifPresent(d -> b.dir(Path.of(d)));
        long glanceMax = o.integer(IMAGE_CACHE_MAX_SIZE, -1, 0, Long.MAX_VALUE);
        long kollaMax = o.integer(GLANCE_CACHE_MAX_SIZE, -1, 0, Long.MAX_VALUE);
        if (glanceMax >= 0 && kollaMax >= 0 && glanceMax != kollaMax) {
            throw o.invalid(GLANCE_CACHE_MAX_SIZE, "disagrees with " + IMAGE_CACHE_MAX_SIZE
                    + "; set one of them");
        }
        if (glanceMax >= 0 || kollaMax >= 0) {
            b.maxSize(Math.max(glanceMax, kollaMax));
        }
        b.stallTime(Duration.ofSeconds(o.integer(IMAGE_CACHE_STALL_TIME, DEFAULT_STALL_TIME.toSeconds(), 0,
                Integer.MAX_VALUE)));
        seconds(o, CACHE_PREFETCHER_INTERVAL).ifPresent(b::prefetcherInterval);
        seconds(o, IMAGE_CACHE_MAINTENANCE_INTERVAL).ifPresent(b::maintenanceInterval);
        o.string(HASHING_ALGORITHM).ifPresent(b::hashAlgorithm);
        b.verifyHits(o.bool(IMAGE_CACHE_VERIFY_HITS, false));
        return b.build();
    }

    // oslo.config declares cache_prefetcher_interval as a float, so "300.0" must be accepted.
    private static Optional<Duration> seconds(StoreOptions o, String key) {
        Optional<String> raw = o.string(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        double value;
        try {
            value = Double.parseDouble(raw.get());
        } catch (NumberFormatException e) {
            throw o.invalid(key, "must be a number of seconds");
        }
        if (!(value >= 0) || value > Integer.MAX_VALUE) {
            throw o.invalid(key, "must be between 0 and " + Integer.MAX_VALUE + " seconds");
        }
        return Optional.of(Duration.ofMillis(Math.round(value * 1000)));
    }

    /**
     * The cache folder ({@code image_cache_dir}).
     *
     * @return the folder, or {@code null} when the cache is disabled and no folder was set
     */
    public Path dir() {
        return dir;
    }

    /**
     * The most bytes of image data the cache folder holds, complete images, fills in progress
     * and quarantined files together ({@code image_cache_max_size}).
     *
     * @return the limit in bytes
     */
    public long maxSize() {
        return maxSize;
    }

    /**
     * How long an incomplete fill may make no progress, and how long a quarantined file is kept,
     * before the cleaner removes it ({@code image_cache_stall_time}).
     *
     * @return the stall time
     */
    public Duration stallTime() {
        return stallTime;
    }

    /**
     * Whether the cache is on ({@code enable_glance_image_cache}). A disabled cache passes every
     * call to the store it wraps and touches no folder.
     *
     * @return true if enabled
     */
    public boolean enabled() {
        return enabled;
    }

    /**
     * How often the prefetch queue is run in the background ({@code cache_prefetcher_interval});
     * zero means only when {@code prefetch()} is called.
     *
     * @return the interval
     */
    public Duration prefetcherInterval() {
        return prefetcherInterval;
    }

    /**
     * How often {@code clean()} and {@code prune()} run in the background; zero means only when
     * called.
     *
     * @return the interval
     */
    public Duration maintenanceInterval() {
        return maintenanceInterval;
    }

    /**
     * The multihash algorithm computed for images cached without a known hash
     * ({@code hashing_algorithm}).
     *
     * @return the Glance algorithm name
     */
    public String hashAlgorithm() {
        return hashAlgorithm;
    }

    /**
     * Whether every whole-image hit is also hashed against the recorded md5 and multihash while
     * it is read ({@code image_cache_verify_hits}); off, a hit is checked to be the very file the
     * cache published (no link, recorded size, device, inode and change time), at almost no cost.
     *
     * @return true for full verification of every hit
     */
    public boolean verifyHits() {
        return verifyHits;
    }

    @Override
    public String toString() {
        return "CacheConfig{" + IMAGE_CACHE_DIR + "=" + dir + ", " + IMAGE_CACHE_MAX_SIZE + "=" + maxSize
                + ", " + IMAGE_CACHE_STALL_TIME + "=" + stallTime.toSeconds() + ", enabled=" + enabled
                + ", " + CACHE_PREFETCHER_INTERVAL + "=" + prefetcherInterval.toMillis() / 1000.0
                + ", " + IMAGE_CACHE_MAINTENANCE_INTERVAL + "=" + maintenanceInterval.toMillis() / 1000.0
                + ", " + HASHING_ALGORITHM + "=" + hashAlgorithm + ", " + IMAGE_CACHE_VERIFY_HITS + "=" + verifyHits
                + "}";
    }

    /** Builds a {@link CacheConfig}; every setting starts at Glance's default. */
    public static final class Builder {
        private Path dir;
        private long maxSize = DEFAULT_MAX_SIZE;
        private Duration stallTime = DEFAULT_STALL_TIME;
        private boolean enabled = true;
        private Duration prefetcherInterval = DEFAULT_PREFETCHER_INTERVAL;
        private Duration maintenanceInterval = DEFAULT_MAINTENANCE_INTERVAL;
        private String hashAlgorithm = "sha512";
        private boolean verifyHits;

        private Builder() {
        }

        /**
         * Turns full verification of every whole-image hit on or off
         * ({@code image_cache_verify_hits}).
         *
         * @param verify whether to hash every hit against the recorded hashes
         * @return this builder
         */
        public Builder verifyHits(boolean verify) {
            this.verifyHits = verify;
            return this;
        }

        /**
         * Sets the cache folder ({@code image_cache_dir}).
         *
         * @param dir the folder; created when the cache opens
         * @return this builder
         */
        public Builder dir(Path dir) {
            this.dir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Sets the size limit ({@code image_cache_max_size}, Kolla {@code glance_cache_max_size}).
         *
         * @param bytes the limit, at least 0
         * @return this builder
         */
        public Builder maxSize(long bytes) {
            this.maxSize = bytes;
            return this;
        }

        /**
         * Sets the stall time ({@code image_cache_stall_time}).
         *
         * @param stallTime the time, not negative
         * @return this builder
         */
        public Builder stallTime(Duration stallTime) {
            this.stallTime = Objects.requireNonNull(stallTime, "stallTime");
            return this;
        }

        /**
         * Turns the cache on or off ({@code enable_glance_image_cache}).
         *
         * @param enabled whether to cache
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * Sets how often the prefetch queue runs by itself ({@code cache_prefetcher_interval}).
         *
         * @param interval the interval; zero turns it off
         * @return this builder
         */
        public Builder prefetcherInterval(Duration interval) {
            this.prefetcherInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Sets how often clean and prune run by themselves.
         *
         * @param interval the interval; zero turns the scheduler off
         * @return this builder
         */
        public Builder maintenanceInterval(Duration interval) {
            this.maintenanceInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Sets the multihash algorithm computed for images cached without a known hash
         * ({@code hashing_algorithm}).
         *
         * @param algorithm a Glance name such as {@code sha512} or {@code sha3_256}
         * @return this builder
         */
        public Builder hashAlgorithm(String algorithm) {
            this.hashAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /**
         * Validates and builds the configuration.
         *
         * @return the configuration
         * @throws BadStoreConfigurationException if a setting is out of range, the folder is
         *     missing while enabled, or the algorithm is unknown
         */
        public CacheConfig build() {
            if (enabled && dir == null) {
                throw new BadStoreConfigurationException("image cache: option '" + IMAGE_CACHE_DIR
                        + "' is required when the cache is enabled");
            }
            if (maxSize < 0) {
                throw new BadStoreConfigurationException("image cache: option '" + IMAGE_CACHE_MAX_SIZE
                        + "' must not be negative");
            }
            if (stallTime.isNegative()) {
                throw new BadStoreConfigurationException("image cache: option '" + IMAGE_CACHE_STALL_TIME
                        + "' must not be negative");
            }
            if (prefetcherInterval.isNegative()) {
                throw new BadStoreConfigurationException("image cache: option '" + CACHE_PREFETCHER_INTERVAL
                        + "' must not be negative");
            }
            if (maintenanceInterval.isNegative()) {
                throw new BadStoreConfigurationException("image cache: option '"
                        + IMAGE_CACHE_MAINTENANCE_INTERVAL + "' must not be negative");
            }
            try {
                hashAlgorithm = io.glancestore.cache.internal.Digests.glanceName(hashAlgorithm);
            } catch (RuntimeException e) {
                throw new BadStoreConfigurationException("image cache: option '" + HASHING_ALGORITHM + "' "
                        + e.getMessage(), e);
            }
            return new CacheConfig(this);
        }
    }
}
