package io.glancestore.cache.internal;

import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.cache.CacheStats;
import io.glancestore.cache.CachedImage;
import io.glancestore.cache.CleanupResult;
import io.glancestore.cache.ScrubResult;
import java.util.List;
import java.util.Optional;

/**
 * The cache when it is turned off ({@code enable_glance_image_cache = false}): every read goes to
 * the store, nothing is cached or queued, no folder is touched.
 */
public final class DisabledCache implements CacheEngine {

    private final ImageStore wrapped;
    private final long maxSize;

    /**
     * @param wrapped the store reads go to
     * @param maxSize the configured limit, reported by {@link #stats()}
     */
    public DisabledCache(ImageStore wrapped, long maxSize) {
        this.wrapped = wrapped;
        this.maxSize = maxSize;
    }

    static CacheStats emptyStats(long maxSize, long folderUnavailable) {
        return new CacheStats(maxSize, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, folderUnavailable);
    }

    @Override
    public ImageData get(String location, long offset, long length, ReadOptions options) {
        return wrapped.get(location, offset, length, options);
    }

    @Override
    public boolean evict(String imageId) {
        return false;
    }

    @Override
    public int evictAll() {
        return 0;
    }

    @Override
    public List<CachedImage> list() {
        return List.of();
    }

    @Override
    public Optional<CachedImage> cached(String imageId) {
        return Optional.empty();
    }

    @Override
    public boolean queue(String location) {
        return false;
    }

    @Override
    public List<String> queued() {
        return List.of();
    }

    @Override
    public int prefetch() {
        return 0;
    }

    @Override
    public boolean dequeue(String imageId) {
        return false;
    }

    @Override
    public int dequeueAll() {
        return 0;
    }

    @Override
    public CleanupResult prune() {
        return CleanupResult.NONE;
    }

    @Override
    public CleanupResult clean() {
        return CleanupResult.NONE;
    }

    @Override
    public ScrubResult verify() {
        return ScrubResult.NONE;
    }

    @Override
    public CacheStats stats() {
        return emptyStats(maxSize, 0);
    }

    @Override
    public void flush() {
        // nothing is ever pending
    }

    @Override
    public void close() {
        // nothing is held
    }

    @Override
    public String toString() {
        return "disabled";
    }
}
