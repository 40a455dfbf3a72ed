package io.glancestore.benchmarks;

import io.glancestore.AddResult;
import io.glancestore.ForwardingImageStore;
import io.glancestore.ImageStore;
import io.glancestore.cache.CacheConfig;
import io.glancestore.cache.CachingImageStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The store under test behind a {@link CachingImageStore}, for {@link ConcurrentTransfers}'s
 * {@code --cache} mode: adds go to the store, gets read through the cache, first as misses that
 * fill it, then, once every fill has finished, as hits.
 */
final class CachedReads implements AutoCloseable {

    private final CachingImageStore cache;

    private CachedReads(CachingImageStore cache) {
        this.cache = cache;
    }

    /**
     * Opens a cache in front of a store, with no background maintenance or prefetching (they
     * would run at random points of the measurements).
     *
     * @param store the store; it stays open when the cache is closed (its registry closes it)
     * @param dir the cache folder
     * @param maxSize the cache's size limit, at least what one cell stores
     */
    static CachedReads open(ImageStore store, Path dir, long maxSize) {
        CacheConfig config = CacheConfig.builder().dir(dir).maxSize(maxSize).prefetcherInterval(Duration.ZERO)
                .maintenanceInterval(Duration.ZERO).build();
        return new CachedReads(CachingImageStore.open(new LeftOpen(store), config));
    }

    /** The caching store: adds, gets and deletes of the benchmark go through it. */
    ImageStore store() {
        return cache;
    }

    /**
     * Waits until every image is complete in the cache: a miss of a file-store image returns
     * while a background copy still fills the cache.
     *
     * @param images the images read once
     * @param max how long to wait at most
     * @return how many images are still not cached (their "hits" are misses)
     */
    int awaitCached(List<AddResult> images, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        int missing;
        do {
            missing = 0;
            for (AddResult image : images) {
                if (!cache.isCached(cache.location(image.location()).imageId())) {
                    missing++;
                }
            }
            if (missing > 0) {
                Thread.sleep(10);
            }
        } while (missing > 0 && System.nanoTime() < deadline);
        return missing;
    }

    @Override
    public void close() {
        cache.close();
    }

    /** The store as the cache sees it, except that closing the cache leaves it to its registry. */
    private static final class LeftOpen extends ForwardingImageStore {

        LeftOpen(ImageStore store) {
            super(store);
        }

        @Override
        public void close() {
            // The registry that opened the store closes it.
        }
    }
}
