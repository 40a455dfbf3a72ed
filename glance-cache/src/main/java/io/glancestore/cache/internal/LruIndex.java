package io.glancestore.cache.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The cached images by id, in access order: a hash map over an intrusive doubly-linked list, so
 * lookup, touch (move to most recent), insert and remove are all O(1) whatever the number of
 * entries, and eviction walks from the least recently used end. Not thread-safe: the cache
 * guards it with its lock.
 */
public final class LruIndex implements Iterable<IndexEntry> {

    private final Map<String, IndexEntry> byId = new HashMap<>();
    private IndexEntry head;
    private IndexEntry tail;
    private long bytes;

    /**
     * The entry of an id.
     *
     * @param id the image id
     * @return the entry, or {@code null}
     */
    public IndexEntry get(String id) {
        return byId.get(id);
    }

    /**
     * Inserts an entry as the most recently used one, replacing an entry of the same id.
     *
     * @param entry the entry, not in any index
     * @return the replaced entry, or {@code null}
     */
    public IndexEntry addMostRecent(IndexEntry entry) {
        if (entry.linked) {
            throw new IllegalStateException("entry is already indexed: " + entry.id);
        }
        IndexEntry old = byId.put(entry.id, entry);
        if (old != null) {
            unlink(old);
        }
        entry.prev = tail;
        entry.next = null;
        if (tail == null) {
            head = entry;
        } else {
            tail.next = entry;
        }
        tail = entry;
        entry.linked = true;
        bytes += entry.size;
        return old;
    }

    /**
     * Records a read: one more hit, a new last access, and the entry becomes the most recently
     * used.
     *
     * @param entry an indexed entry
     * @param now the access time, epoch milliseconds
     */
    public void touch(IndexEntry entry, long now) {
        entry.hits++;
        entry.lastAccess = now;
        moveToMostRecent(entry);
    }

    /**
     * Moves an entry to the most recently used end without counting a hit.
     *
     * @param entry an indexed entry
     */
    public void moveToMostRecent(IndexEntry entry) {
        if (!entry.linked || entry == tail) {
            return;
        }
        // Unlink from the middle (or head), then append.
        if (entry.prev == null) {
            head = entry.next;
        } else {
            entry.prev.next = entry.next;
        }
        entry.next.prev = entry.prev;
        entry.prev = tail;
        entry.next = null;
        tail.next = entry;
        tail = entry;
    }

    /**
     * Removes an entry.
     *
     * @param entry the entry
     * @return true if it was indexed
     */
    public boolean remove(IndexEntry entry) {
        if (!entry.linked || byId.get(entry.id) != entry) {
            return false;
        }
        byId.remove(entry.id);
        unlink(entry);
        return true;
    }

    private void unlink(IndexEntry entry) {
        if (entry.prev == null) {
            head = entry.next;
        } else {
            entry.prev.next = entry.next;
        }
        if (entry.next == null) {
            tail = entry.prev;
        } else {
            entry.next.prev = entry.prev;
        }
        entry.prev = null;
        entry.next = null;
        entry.linked = false;
        bytes -= entry.size;
    }

    /**
     * The least recently used entry.
     *
     * @return the entry, or {@code null} when empty
     */
    public IndexEntry leastRecent() {
        return head;
    }

    /**
     * Number of entries.
     *
     * @return the count
     */
    public int size() {
        return byId.size();
    }

    /**
     * Sum of the entries' sizes.
     *
     * @return bytes
     */
    public long bytes() {
        return bytes;
    }

    /**
     * The entries from least to most recently used, copied.
     *
     * @return the entries
     */
    public List<IndexEntry> entries() {
        List<IndexEntry> list = new ArrayList<>(byId.size());
        for (IndexEntry e = head; e != null; e = e.next) {
            list.add(e);
        }
        return list;
    }

    /**
     * Iterates from least to most recently used. The index must not change during iteration.
     *
     * @return the iterator
     */
    @Override
    public Iterator<IndexEntry> iterator() {
        return new Iterator<>() {
            private IndexEntry next = head;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public IndexEntry next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                IndexEntry e = next;
                next = e.next;
                return e;
            }
        };
    }
}
