package io.glancestore.cache;

/**
 * A snapshot of an image cache's occupancy and of what it has done since it was opened. The
 * counters only grow; the occupancy figures are as of the call.
 *
 * @param maxSize the size limit in bytes ({@code image_cache_max_size})
 * @param usedBytes bytes of image data in the cache folder now: complete images, space reserved
 *     by fills in progress, quarantined files and files being deleted; never above
 *     {@code maxSize}
 * @param peakUsedBytes the highest {@code usedBytes} since the cache was opened; above
 *     {@code maxSize} only if the folder already was when opened (then pruned at once)
 * @param cachedBytes bytes of complete images
 * @param cachedImages number of complete images
 * @param fillsInProgress fills currently being written
 * @param hits reads served from a complete cached copy
 * @param sharedReads reads that joined a fill already in progress instead of reading the store
 * @param fills fills started (one per miss that could be cached)
 * @param fillsPublished fills that became complete cached images
 * @param fillsFailed fills abandoned or failed (early close, store error, stall, deletion)
 * @param checksumMismatches fills or cached copies quarantined because their bytes did not match
 *     the expected or recorded hashes
 * @param passThroughs reads served by the store without caching: ranged misses, images larger
 *     than the limit, no room, ids the cache cannot hold
 * @param evictions images removed to make room or by {@code prune()}
 * @param evictedBytes bytes those images held
 */
public record CacheStats(
        long maxSize,
        long usedBytes,
        long peakUsedBytes,
        long cachedBytes,
        int cachedImages,
        int fillsInProgress,
        long hits,
        long sharedReads,
        long fills,
        long fillsPublished,
        long fillsFailed,
        long checksumMismatches,
        long passThroughs,
        long evictions,
        long evictedBytes) {
}
