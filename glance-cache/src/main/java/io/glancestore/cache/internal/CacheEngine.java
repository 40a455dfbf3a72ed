package io.glancestore.cache.internal;

import io.glancestore.ImageData;
import io.glancestore.ReadOptions;
import io.glancestore.cache.CacheStats;
import io.glancestore.cache.CachedImage;
import io.glancestore.cache.CleanupResult;
import io.glancestore.cache.ScrubResult;
import java.util.List;
import java.util.Optional;

/**
 * What {@code CachingImageStore} asks of the cache behind it: an open cache folder
 * ({@link ImageCache}), a disabled cache ({@link DisabledCache}, a null object) or a folder that
 * cannot be used now ({@link UnavailableCache}). See {@code CachingImageStore} for the meaning
 * of each call.
 */
public interface CacheEngine extends AutoCloseable {

    ImageData get(String location, long offset, long length, ReadOptions options);

    /** Removes an image's copy and stops any fill of it; true if a copy was cached. */
    boolean evict(String imageId);

    int evictAll();

    List<CachedImage> list();

    Optional<CachedImage> cached(String imageId);

    boolean queue(String location);

    List<String> queued();

    int prefetch();

    boolean dequeue(String imageId);

    int dequeueAll();

    CleanupResult prune();

    CleanupResult clean();

    ScrubResult verify();

    CacheStats stats();

    void flush();

    @Override
    void close();
}
