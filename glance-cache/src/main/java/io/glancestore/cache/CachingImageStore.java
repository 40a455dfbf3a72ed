package io.glancestore.cache;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.cache.internal.ImageCache;
import io.glancestore.location.StoreLocation;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image cache in front of any {@link ImageStore}, itself an {@code ImageStore}: Glance's image
 * cache, with its folder layout and option names, that enforces its own size limit and cleans
 * up after itself.
 *
 * <ul>
 *   <li>A whole-image read of a cached image comes from the cache folder. A miss streams from the
 *       wrapped store to the caller while the same bytes are written to the cache (a tee), so the
 *       first reader waits no longer than without the cache. When the store's bytes are a local
 *       file ({@link io.glancestore.ImageData#isLocalFile()}, the file store) and the reader does
 *       not verify hashes, the first reader reads the store as if uncached while a background
 *       thread copies the store's file by positional reads instead. Concurrent misses of one
 *       image share that single fill. Ranged reads are served from the cache when the image is complete
 *       there, and otherwise passed to the wrapped store and not cached, as in Glance.</li>
 *   <li>The folder never holds more than {@link CacheConfig#maxSize()} bytes of image data:
 *       before a fill writes its first byte it reserves the image's size, evicting least recently
 *       used images that nobody is reading. An image that cannot fit is streamed uncached.</li>
 *   <li>A fill is checked against the hashes the caller expects
 *       ({@link ReadOptions#expectedMd5()}, {@link ReadOptions#expectedMultihash()}); a mismatch
 *       is never published: the file is quarantined in {@code invalid/} and the caller's final
 *       read throws {@link io.glancestore.exception.ChecksumMismatchException}. When no hash is
 *       known, the fill's own md5 and multihash are recorded and later expected hashes are
 *       checked against them.</li>
 *   <li>LRU order, hit counts and last access survive restarts in a small index (snapshot plus
 *       journal) in {@code .index/}, rebuilt from the folder if lost. A fill interrupted by a
 *       crash leaves only {@code incomplete/<id>}, removed on the next open.</li>
 *   <li>{@link #clean()} and {@link #prune()} also run by themselves every
 *       {@link CacheConfig#maintenanceInterval()}, and the prefetch queue every
 *       {@link CacheConfig#prefetcherInterval()}: no cron job is needed.</li>
 * </ul>
 *
 * <p>{@code add}, {@code size}, {@code location}, {@code handles} and {@code capabilities} are
 * the wrapped store's; {@code delete} deletes from the wrapped store and evicts the cached copy.
 * Closing the cache closes the wrapped store. A cache folder serves one process at a time.
 * Thread-safe.
 */
public final class CachingImageStore implements ImageStore {

    private static final Logger LOG = LoggerFactory.getLogger(CachingImageStore.class);

    private final ImageStore wrapped;
    private final CacheConfig config;
    private final ImageCache cache;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CachingImageStore(ImageStore wrapped, CacheConfig config, Clock clock) {
        this.wrapped = wrapped;
        this.config = config;
        if ("rbd".equals(wrapped.type()) && config.enabled()) {
            LOG.warn("image cache in front of Ceph RBD store '{}': usually not worthwhile, since compute nodes "
                    + "clone from or cache Ceph images themselves and Ceph serves reads well; it works nonetheless",
                    wrapped.id());
        }
        this.cache = config.enabled() ? ImageCache.open(wrapped, config, clock) : null;
    }

    /**
     * Opens a cache in front of a store.
     *
     * @param wrapped the store to cache
     * @param config the cache configuration
     * @return the caching store
     * @throws io.glancestore.exception.BadStoreConfigurationException if the cache folder cannot
     *     be used, or another cache has it open
     */
    public static CachingImageStore open(ImageStore wrapped, CacheConfig config) {
        return builder(wrapped).config(config).build();
    }

    /**
     * Starts building a cache in front of a store.
     *
     * @param wrapped the store to cache
     * @return a builder
     */
    public static Builder builder(ImageStore wrapped) {
        return new Builder(wrapped);
    }

    /**
     * The store behind the cache.
     *
     * @return the wrapped store
     */
    public ImageStore wrapped() {
        return wrapped;
    }

    /**
     * The cache's configuration.
     *
     * @return the configuration
     */
    public CacheConfig config() {
        return config;
    }

    @Override
    public String id() {
        return wrapped.id();
    }

    @Override
    public String type() {
        return wrapped.type();
    }

    @Override
    public Set<Capability> capabilities() {
        return wrapped.capabilities();
    }

    @Override
    public AddResult add(String imageId, InputStream data, long size, AddOptions options) {
        return wrapped.add(imageId, data, size, options);
    }

    /**
     * Reads an image or a range of it, from the cache when possible. See the class description.
     *
     * @param location the location URI in the wrapped store
     * @param offset first byte to read
     * @param length bytes to read, or {@code -1} for all up to the end
     * @param options progress listener and expected hashes
     * @return the bytes; close them (an unclosed stream keeps its cached copy pinned)
     */
    @Override
    public ImageData get(String location, long offset, long length, ReadOptions options) {
        return cache == null ? wrapped.get(location, offset, length, options)
                : cache.get(location, offset, length, options);
    }

    @Override
    public long size(String location) {
        return wrapped.size(location);
    }

    /**
     * Deletes an image from the wrapped store and its copy from the cache (the copy also when
     * the store's delete fails: a cache must not outlive doubt about its image).
     *
     * @param location the location URI
     */
    @Override
    public void delete(String location) {
        try {
            wrapped.delete(location);
        } finally {
            if (cache != null) {
                StoreLocation loc = null;
                try {
                    loc = wrapped.location(location);
                } catch (RuntimeException e) {
                    // Not a location of the store: nothing of it can be cached either.
                }
                if (loc != null) {
                    cache.evict(loc.imageId());
                }
            }
        }
    }

    @Override
    public boolean handles(String location) {
        return wrapped.handles(location);
    }

    @Override
    public StoreLocation location(String location) {
        return wrapped.location(location);
    }

    /**
     * The complete cached images with their size, hits and last access, least recently used
     * first (the order in which they would be evicted).
     *
     * @return the images; empty when the cache is disabled
     */
    public List<CachedImage> list() {
        return cache == null ? List.of() : cache.list();
    }

    /**
     * One cached image.
     *
     * @param imageId the image id
     * @return the image if it is complete in the cache
     */
    public Optional<CachedImage> cachedImage(String imageId) {
        return cache == null ? Optional.empty() : cache.cached(imageId);
    }

    /**
     * Whether an image is complete in the cache.
     *
     * @param imageId the image id
     * @return true if cached
     */
    public boolean isCached(String imageId) {
        return cachedImage(imageId).isPresent();
    }

    /**
     * Queues an image for prefetching, as Glance's {@code queue_image}: {@code queue/<id>} is
     * written, holding the location so the prefetcher can read it (owner-only permissions,
     * since a location may carry credentials).
     *
     * @param location the location URI in the wrapped store
     * @return false if the image is already cached, being cached or queued
     * @throws io.glancestore.exception.BadStoreUriException if the location is not the store's
     */
    public boolean queue(String location) {
        Objects.requireNonNull(location, "location");
        return cache != null && cache.queue(location);
    }

    /**
     * The prefetch queue, oldest request first.
     *
     * @return the queued image ids
     */
    public List<String> queuedImages() {
        return cache == null ? List.of() : cache.queued();
    }

    /**
     * Reads every queued image into the cache now, one after another, and removes their
     * requests. Requests without a location (written by other tools) are left in place.
     *
     * @return how many queued images are now cached
     */
    public int prefetch() {
        return cache == null ? 0 : cache.prefetch();
    }

    /**
     * Removes an image from the prefetch queue.
     *
     * @param imageId the image id
     * @return true if it was queued
     */
    public boolean deleteQueuedImage(String imageId) {
        return cache != null && cache.dequeue(imageId);
    }

    /**
     * Empties the prefetch queue.
     *
     * @return how many requests were removed
     */
    public int deleteAllQueuedImages() {
        return cache == null ? 0 : cache.dequeueAll();
    }

    /**
     * Removes an image's cached copy, not the image. A copy being read is removed from the index
     * at once and its file after its last reader closes.
     *
     * @param imageId the image id
     * @return true if a copy was cached
     */
    public boolean deleteCachedImage(String imageId) {
        return cache != null && cache.evict(imageId);
    }

    /**
     * Removes every cached copy.
     *
     * @return how many were removed
     */
    public int deleteAllCachedImages() {
        return cache == null ? 0 : cache.evictAll();
    }

    /**
     * Evicts least recently used images until the folder is within the limit. Fills already keep
     * it there; this matters after the limit was lowered, and is what Glance's pruner does.
     *
     * @return what was removed
     */
    public CleanupResult prune() {
        return cache == null ? CleanupResult.NONE : cache.prune();
    }

    /**
     * Removes fills that made no progress for the stall time (their readers keep reading the
     * store), and quarantined or stray incomplete files older than the stall time, as Glance's
     * cleaner does.
     *
     * @return what was removed
     */
    public CleanupResult clean() {
        return cache == null ? CleanupResult.NONE : cache.clean();
    }

    /**
     * Occupancy and counters.
     *
     * @return the statistics; all zero when the cache is disabled
     */
    public CacheStats stats() {
        return cache == null ? new CacheStats(config.maxSize(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) : cache.stats();
    }

    /**
     * Finishes the work done in the background after readers are done: waits until every fill
     * that has all its bytes is hashed, synced and published (or failed), and writes pending
     * index updates to disk. Useful before listing the cache in tests or tools.
     */
    public void flush() {
        if (cache != null) {
            cache.flush();
        }
    }

    /**
     * Closes the cache (stops its background work, abandons unfinished fills, saves the index,
     * releases the folder) and then the wrapped store. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                if (cache != null) {
                    cache.close();
                }
            } finally {
                wrapped.close();
            }
        }
    }

    @Override
    public String toString() {
        return "CachingImageStore{" + wrapped + ", " + (cache == null ? "disabled" : "dir=" + cache.dir()) + "}";
    }

    /** Builds a {@link CachingImageStore}. */
    public static final class Builder {
        private final ImageStore wrapped;
        private CacheConfig config;
        private Clock clock = Clock.systemUTC();

        private Builder(ImageStore wrapped) {
            this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
        }

        /**
         * Sets the whole configuration.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder config(CacheConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Shortcut for a configuration with Glance's defaults in a folder.
         *
         * @param dir the cache folder ({@code image_cache_dir})
         * @return this builder
         */
        public Builder dir(Path dir) {
            this.config = CacheConfig.builder().dir(dir).build();
            return this;
        }

        /**
         * Sets the clock used for last access times and stall detection; for tests that move
         * time forward instead of waiting.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Opens the cache.
         *
         * @return the caching store
         * @throws io.glancestore.exception.BadStoreConfigurationException if no configuration
         *     was given or the folder cannot be used
         */
        public CachingImageStore build() {
            if (config == null) {
                throw new io.glancestore.exception.BadStoreConfigurationException(
                        "image cache: a configuration (at least the cache folder) is required");
            }
            return new CachingImageStore(wrapped, config, clock);
        }
    }
}
