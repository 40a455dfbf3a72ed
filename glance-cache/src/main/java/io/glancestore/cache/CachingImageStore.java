package io.glancestore.cache;

import io.glancestore.ForwardingImageStore;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.cache.internal.CacheEngine;
import io.glancestore.cache.internal.DisabledCache;
import io.glancestore.cache.internal.ImageCache;
import io.glancestore.location.StoreLocation;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
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
 *   <li>Any number of processes (services embedding the cache, the command-line tool, cron jobs)
 *       open one folder at once. They share one ledger ({@code .index/ledger.db}, SQLite): the
 *       size limit holds node-wide, an image is filled by one process at a time (a miss of an
 *       image another process is filling reads the store uncached), LRU order, hit counts and
 *       statistics are shared and survive restarts. A process killed at any instant blocks
 *       nobody; what it left is reclaimed by the others.</li>
 *   <li>Every hit is checked to be the file the cache published: opened without following
 *       links, a regular file with the recorded size, device, inode and change time. A file that
 *       fails is quarantined and the image read from the store. With
 *       {@link CacheConfig#verifyHits()} every whole-image hit is also hashed as it is read;
 *       {@link #verify()} scrubs every copy.</li>
 *   <li>A folder that cannot be used at the moment never fails a read: it goes to the store
 *       uncached, with a warning and a counter ({@link CacheStats#folderUnavailable()}).</li>
 *   <li>{@link #clean()} and {@link #prune()} also run by themselves every
 *       {@link CacheConfig#maintenanceInterval()}, and the prefetch queue every
 *       {@link CacheConfig#prefetcherInterval()}: no cron job is needed.</li>
 * </ul>
 *
 * <p>{@code add}, {@code size}, {@code location}, {@code handles} and {@code capabilities} are
 * the wrapped store's; {@code delete} deletes from the wrapped store and evicts the cached copy.
 * Closing the cache closes the wrapped store. Thread-safe.
 */
public final class CachingImageStore extends ForwardingImageStore {

    private static final Logger LOG = LoggerFactory.getLogger(CachingImageStore.class);

    private final CacheConfig config;
    private final CacheEngine cache;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CachingImageStore(Builder b) {
        super(b.wrapped);
        this.config = b.config;
        if ("rbd".equals(b.wrapped.type()) && config.enabled()) {
            LOG.warn("image cache in front of Ceph RBD store '{}': usually not worthwhile, since compute nodes "
                    + "clone from or cache Ceph images themselves and Ceph serves reads well; it works nonetheless",
                    b.wrapped.id());
        }
        this.cache = config.enabled() ? ImageCache.open(b.wrapped, config, b.clock, b.executor, b.scheduler)
                : new DisabledCache(b.wrapped, config.maxSize());
    }

    /**
     * Opens a cache in front of a store.
     *
     * @param wrapped the store to cache
     * @param config the cache configuration
     * @return the caching store
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
        return delegate();
    }

    /**
     * The cache's configuration.
     *
     * @return the configuration
     */
    public CacheConfig config() {
        return config;
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
        return cache.get(location, offset, length, options);
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
            super.delete(location);
        } finally {
            StoreLocation loc = null;
            try {
                loc = location(location);
            } catch (RuntimeException e) {
                // Not a location of the store: nothing of it can be cached either.
            }
            if (loc != null) {
                cache.evict(loc.imageId());
            }
        }
    }

    /**
     * The complete cached images with their size, hits and last access, least recently used
     * first (the order in which they would be evicted).
     *
     * @return the images; empty when the cache is disabled
     */
    public List<CachedImage> list() {
        return cache.list();
    }

    /**
     * One cached image.
     *
     * @param imageId the image id
     * @return the image if it is complete in the cache
     */
    public Optional<CachedImage> cachedImage(String imageId) {
        return cache.cached(imageId);
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
        return cache.queue(location);
    }

    /**
     * The prefetch queue, oldest request first.
     *
     * @return the queued image ids
     */
    public List<String> queuedImages() {
        return cache.queued();
    }

    /**
     * Reads every queued image into the cache now, one after another, and removes their
     * requests. Requests without a location (written by other tools) are left in place.
     *
     * @return how many queued images are now cached
     */
    public int prefetch() {
        return cache.prefetch();
    }

    /**
     * Removes an image from the prefetch queue.
     *
     * @param imageId the image id
     * @return true if it was queued
     */
    public boolean deleteQueuedImage(String imageId) {
        return cache.dequeue(imageId);
    }

    /**
     * Empties the prefetch queue.
     *
     * @return how many requests were removed
     */
    public int deleteAllQueuedImages() {
        return cache.dequeueAll();
    }

    /**
     * Removes an image's cached copy, not the image. A copy being read is removed from the index
     * at once and its file after its last reader closes.
     *
     * @param imageId the image id
     * @return true if a copy was cached
     */
    public boolean deleteCachedImage(String imageId) {
        return cache.evict(imageId);
    }

    /**
     * Removes every cached copy.
     *
     * @return how many were removed
     */
    public int deleteAllCachedImages() {
        return cache.evictAll();
    }

    /**
     * Evicts least recently used images until the folder is within the limit. Fills already keep
     * it there; this matters after the limit was lowered, and is what Glance's pruner does.
     *
     * @return what was removed
     */
    public CleanupResult prune() {
        return cache.prune();
    }

    /**
     * Removes fills that made no progress for the stall time (their readers keep reading the
     * store), and quarantined or stray incomplete files older than the stall time, as Glance's
     * cleaner does.
     *
     * @return what was removed
     */
    public CleanupResult clean() {
        return cache.clean();
    }

    /**
     * Reads every cached copy and checks it against the md5 and multihash recorded when it was
     * cached (a scrub, for bit rot and tampering); copies that fail are quarantined and their
     * images read from the store from then on. Runs beside readers, in this or other processes.
     *
     * @return what was checked and found
     */
    public ScrubResult verify() {
        return cache.verify();
    }

    /**
     * Occupancy and counters of the folder, node-wide: every process on the folder adds to them
     * and they survive restarts.
     *
     * @return the statistics; all zero when the cache is disabled
     */
    public CacheStats stats() {
        return cache.stats();
    }

    /**
     * Finishes the work done in the background after readers are done: waits until every fill
     * that has all its bytes is hashed, synced and published (or failed), and writes pending
     * index updates to disk. Useful before listing the cache in tests or tools.
     */
    public void flush() {
        cache.flush();
    }

    /**
     * Closes the cache (stops its background work, abandons unfinished fills, saves the index,
     * releases the folder) and then the wrapped store. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                cache.close();
            } finally {
                super.close();
            }
        }
    }

    @Override
    public String toString() {
        return "CachingImageStore{" + delegate() + ", " + cache + "}";
    }

    /** Builds a {@link CachingImageStore}. */
    public static final class Builder {
        private final ImageStore wrapped;
        private CacheConfig config;
        private Clock clock = Clock.systemUTC();
        private Executor executor;
        private ScheduledExecutorService scheduler;

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
         * Runs the cache's background work (writing fills, copying local files, publishing) on
         * an executor of the caller's, as Caffeine's builder takes one. It may have few threads
         * and queue tasks (no background task waits for another one or for a reader, so queued
         * tasks start as running ones end), but it must eventually run every task it accepts; a
         * task it refuses fails its fill, and the read goes on from the store. Not shut down by
         * the cache. Without it the cache runs its own pool of daemon threads (at least eight,
         * two per core), queueing what they cannot start yet.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Runs the cache's periodic work (writing counts every second, maintenance, the
         * prefetch queue) on a scheduler of the caller's; not shut down by the cache. Without it
         * the cache runs one daemon thread of its own.
         *
         * @param scheduler the scheduler
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Opens the cache.
         *
         * @return the caching store
         * @throws io.glancestore.exception.BadStoreConfigurationException if no configuration
         *     was given (a folder that cannot be used is not an error: see the class description)
         */
        public CachingImageStore build() {
            if (config == null) {
                throw new io.glancestore.exception.BadStoreConfigurationException(
                        "image cache: a configuration (at least the cache folder) is required");
            }
            return new CachingImageStore(this);
        }
    }
}
