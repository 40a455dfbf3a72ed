package io.glancestore.cache;

/**
 * A snapshot of an image cache folder's occupancy and of what every cache on it has done: the
 * counters are node-wide (all processes on the folder add to them) and persist across restarts;
 * the occupancy figures are as of the call. A process's most recent counts reach the shared
 * figures within a second or at its next {@code flush()}.
 *
 * @param maxSize the size limit in bytes ({@code image_cache_max_size})
 * @param usedBytes bytes of image data in the cache folder now: complete images, space reserved
 *     by fills in progress, quarantined files and files being deleted; never above
 *     {@code maxSize}
 * @param peakUsedBytes the highest {@code usedBytes} a reservation ever left; above
 *     {@code maxSize} only if the folder already was (then pruned at once)
 * @param cachedBytes bytes of complete images
 * @param cachedImages number of complete images
 * @param fillsInProgress fills currently being written, by any process
 * @param hits reads served from a complete cached copy
 * @param sharedReads reads that joined a fill already in progress instead of reading the store
 * @param fills fills started (one per miss that could be cached)
 * @param fillsPublished fills that became complete cached images
 * @param fillsFailed fills abandoned or failed (early close, store error, stall, deletion)
 * @param checksumMismatches fills or cached copies quarantined because their bytes did not match
 *     the expected or recorded hashes, or the file was not the one the cache published
 * @param passThroughs reads served by the store without caching: ranged misses, images larger
 *     than the limit, no room, ids the cache cannot hold, images another process is filling
 * @param evictions images removed to make room or by {@code prune()}
 * @param evictedBytes bytes those images held
 * @param quarantinedFiles files in {@code invalid/} now (counted in {@code usedBytes}; removed
 *     first when room is needed, and by {@code clean()} after the stall time)
 * @param quarantinedBytes bytes of those files
 * @param verificationFailures hits whose file failed its check (not the published file, or its
 *     content not the recorded hashes); each was quarantined and the read went to the store
 * @param folderUnavailable reads that went to the store uncached because the cache folder or its
 *     ledger could not be used at that moment
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
        long evictedBytes,
        int quarantinedFiles,
        long quarantinedBytes,
        long verificationFailures,
        long folderUnavailable) {
}
