package io.glancestore.cache.internal;

import java.nio.charset.StandardCharsets;

/**
 * One complete cached image in the {@link LruIndex}: what Glance keeps in its cache database
 * (size, hits, last access, time cached) plus the hashes the fill verified or computed, and the
 * number of readers that pin it. Also the node of the index's access-ordered list, so moving it
 * is O(1). Guarded by the cache's lock.
 */
public final class IndexEntry {

    final String id;
    final byte[] idBytes;
    final long size;
    long hits;
    long lastAccess;
    final long cachedAt;
    final byte[] md5;
    final String hashAlgorithm;
    final byte[] multihash;

    /** Open read streams on this copy; a pinned copy is never evicted. */
    int readers;
    /** Set once removed from the index while pinned: the renamed file to unlink after the last reader. */
    java.nio.file.Path doomedTrash;

    IndexEntry prev;
    IndexEntry next;
    boolean linked;

    IndexEntry(String id, long size, long hits, long lastAccess, long cachedAt,
            byte[] md5, String hashAlgorithm, byte[] multihash) {
        this.id = id;
        this.idBytes = id.getBytes(StandardCharsets.UTF_8);
        this.size = size;
        this.hits = hits;
        this.lastAccess = lastAccess;
        this.cachedAt = cachedAt;
        this.md5 = md5;
        this.hashAlgorithm = multihash == null ? null : hashAlgorithm;
        this.multihash = multihash;
    }

    /**
     * The image id.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The image size in bytes.
     *
     * @return the size
     */
    public long size() {
        return size;
    }

    /**
     * Reads served from this copy.
     *
     * @return the hit count
     */
    public long hits() {
        return hits;
    }

    /**
     * Last access, epoch milliseconds.
     *
     * @return the time
     */
    public long lastAccess() {
        return lastAccess;
    }

    /**
     * When the copy was cached, epoch milliseconds.
     *
     * @return the time
     */
    public long cachedAt() {
        return cachedAt;
    }

    @Override
    public String toString() {
        return "IndexEntry{" + id + ", size=" + size + ", hits=" + hits + ", readers=" + readers + "}";
    }
}
