package io.glancestore.cache.internal;

import io.glancestore.ReadOptions;
import io.glancestore.cache.CachedImage;
import java.time.Instant;

/**
 * One complete cached image as the ledger records it: what Glance keeps in its cache database
 * (size, hits, last access, time cached), the hashes the fill verified or computed, and the
 * identity of the file as published ({@code null} until a file adopted from the folder has been
 * verified). Immutable: a process keeps the entries it has used and compares each hit's file
 * with them.
 *
 * @param id the image id
 * @param size bytes
 * @param hits reads served from it, as flushed to the ledger
 * @param lastAccess last read, epoch milliseconds
 * @param cachedAt when it was published, epoch milliseconds
 * @param md5 md5 hex
 * @param algorithm Glance name of the multihash algorithm
 * @param multihash multihash hex
 * @param identity the published file's identity, or {@code null} if not yet verified
 */
record CachedEntry(String id, long size, long hits, long lastAccess, long cachedAt, String md5, String algorithm,
        String multihash, FileIdentity identity) {

    CachedImage toCachedImage() {
        return new CachedImage(id, size, hits, Instant.ofEpochMilli(lastAccess), Instant.ofEpochMilli(cachedAt));
    }

    CachedEntry withIdentity(FileIdentity verified) {
        return new CachedEntry(id, size, hits, lastAccess, cachedAt, md5, algorithm, multihash, verified);
    }

    /** The recorded hashes as the options of a read that must match them. */
    ReadOptions recordedHashes() {
        return ReadOptions.builder().expectedMd5(md5).expectedMultihash(algorithm, multihash).build();
    }

    /**
     * Whether a caller's expected hashes disagree with the recorded ones (a hash of another
     * algorithm than the recorded one cannot disagree).
     */
    boolean contradicts(ReadOptions options) {
        if (options.expectedMd5() != null && !options.expectedMd5().equalsIgnoreCase(md5)) {
            return true;
        }
        return options.expectedMultihash() != null && sameAlgorithm(options)
                && !options.expectedMultihash().equalsIgnoreCase(multihash);
    }

    /**
     * Whether every hash a caller expects was compared with a recorded one (and so agrees): then
     * a caller's mismatch on these bytes proves the copy bad, not the caller's hashes.
     */
    boolean vouchesFor(ReadOptions options) {
        boolean md5Checked = options.expectedMd5() == null || md5 != null;
        boolean multihashChecked = options.expectedMultihash() == null || (multihash != null && sameAlgorithm(options));
        return md5Checked && multihashChecked && !contradicts(options);
    }

    private boolean sameAlgorithm(ReadOptions options) {
        return algorithm != null && algorithm.equals(Digests.glanceName(options.hashAlgorithm()));
    }
}
