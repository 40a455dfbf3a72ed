package io.glancestore.cache;

import java.time.Instant;
import java.util.Objects;

/**
 * An image held complete in the cache, as Glance's cache management lists it.
 *
 * @param imageId the image id (the file name in the cache folder)
 * @param size bytes
 * @param hits how many reads the cache served from this copy
 * @param lastAccessed when a read last used it (Glance's {@code last_accessed}); the cache
 *     evicts the least recently accessed image first
 * @param cachedAt when it was put in the cache (Glance's {@code last_modified})
 */
public record CachedImage(String imageId, long size, long hits, Instant lastAccessed, Instant cachedAt) {

    /**
     * Validates the values.
     *
     * @param imageId the image id
     * @param size bytes
     * @param hits reads served from this copy
     * @param lastAccessed last read
     * @param cachedAt when cached
     */
    public CachedImage {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(lastAccessed, "lastAccessed");
        Objects.requireNonNull(cachedAt, "cachedAt");
        if (size < 0 || hits < 0) {
            throw new IllegalArgumentException("size and hits must not be negative");
        }
    }
}
