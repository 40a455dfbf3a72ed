package io.glancestore.cache.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link LruIndex} on disk as a snapshot plus journals numbered by generation. The
 * snapshot names the newest generation it includes; loading reads it and replays the younger
 * journals in order. Compaction rotates to a new journal under the cache's lock (cheap: a copy
 * of the entries) and writes the snapshot outside it, so reads never wait for a snapshot write.
 * A crash at any point leaves either the old snapshot with every journal since, or the new one.
 */
final class IndexStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IndexStore.class);
    private static final String SNAPSHOT = "snapshot";
    private static final String JOURNAL_PREFIX = "journal-";
    private static final long MIN_COMPACTION_BYTES = 4L << 20;

    private final Path dir;
    private IndexJournal journal;
    private long olderJournalBytes;
    private long snapshotBytes;
    private volatile boolean compacting;

    /** What loading found. */
    record LoadResult(boolean snapshotValid, int journalsReplayed, String problem) {
    }

    /** A compaction begun under the lock, to be finished outside it. */
    record Compaction(long coveredGeneration, List<IndexSnapshot.Entry> entries) {
    }

    IndexStore(Path dir) {
        this.dir = dir;
    }

    /**
     * Loads the index and opens a fresh journal.
     *
     * @param index an empty index to fill
     * @return what was found
     * @throws IOException if the index folder cannot be read or a journal cannot be created
     */
    LoadResult load(LruIndex index) throws IOException {
        Path snapshot = dir.resolve(SNAPSHOT);
        long covered = 0;
        boolean valid = false;
        String problem = null;
        if (Files.exists(snapshot)) {
            try {
                covered = IndexSnapshot.read(snapshot, index);
                valid = true;
                snapshotBytes = Files.size(snapshot);
            } catch (IOException e) {
                problem = "index snapshot is damaged (" + e.getMessage() + ")";
                for (IndexEntry entry : index.entries()) {
                    index.remove(entry);
                }
                covered = 0;
            }
        } else {
            problem = "index snapshot is missing";
        }
        TreeMap<Long, Path> journals = journals();
        int replayed = 0;
        long newest = covered;
        Replayer replayer = new Replayer(index);
        for (Map.Entry<Long, Path> j : journals.entrySet()) {
            newest = Math.max(newest, j.getKey());
            if (valid && j.getKey() <= covered) {
                IndexJournal.deleteQuietly(j.getValue());
                continue;
            }
            try (InputStream in = Files.newInputStream(j.getValue())) {
                IndexJournal.replay(in, replayer);
                replayed++;
                olderJournalBytes += Files.size(j.getValue());
            } catch (IOException e) {
                LOG.warn("image cache index: skipping unreadable journal {}: {}", j.getValue().getFileName(),
                        e.getMessage());
            }
        }
        long generation = newest + 1;
        journal = IndexJournal.create(dir.resolve(journalName(generation)), generation);
        return new LoadResult(valid, replayed, problem);
    }

    private TreeMap<Long, Path> journals() throws IOException {
        TreeMap<Long, Path> found = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, JOURNAL_PREFIX + "*")) {
            for (Path p : files) {
                try {
                    found.put(Long.parseUnsignedLong(p.getFileName().toString().substring(JOURNAL_PREFIX.length()), 16), p);
                } catch (NumberFormatException e) {
                    // Not ours; leave it.
                }
            }
        }
        return found;
    }

    private static String journalName(long generation) {
        return JOURNAL_PREFIX + String.format("%016x", generation);
    }

    IndexJournal journal() {
        return journal;
    }

    /** Whether the journals have grown past the snapshot they would be folded into. */
    boolean compactionDue() {
        long journalBytes = olderJournalBytes + journal.size();
        return journal.failed() || journalBytes > Math.max(MIN_COMPACTION_BYTES, snapshotBytes);
    }

    /**
     * Starts a compaction: copies the entries and switches to a new journal. Call under the
     * cache's lock.
     *
     * @param index the index
     * @return the work to finish outside the lock, or {@code null} if one is already running
     */
    Compaction beginCompaction(LruIndex index) {
        if (compacting) {
            return null;
        }
        compacting = true;
        List<IndexSnapshot.Entry> copy = new ArrayList<>(index.size());
        for (IndexEntry e : index) {
            copy.add(IndexSnapshot.Entry.of(e));
        }
        journal.close();
        long covered = journal.generation();
        long next = covered + 1;
        Path file = dir.resolve(journalName(next));
        try {
            journal = IndexJournal.create(file, next);
        } catch (IOException e) {
            LOG.warn("image cache index: cannot create journal {}: {}; index changes are kept in memory until "
                    + "the next snapshot", file.getFileName(), e.toString());
            journal = IndexJournal.broken(file, next, e);
        }
        olderJournalBytes = 0;
        return new Compaction(covered, copy);
    }

    /**
     * Writes the snapshot of a compaction and removes the journals it includes. Call outside the
     * cache's lock.
     *
     * @param c the compaction
     * @return true if the snapshot was written
     */
    synchronized boolean finishCompaction(Compaction c) {
        try {
            snapshotBytes = IndexSnapshot.write(dir.resolve(SNAPSHOT), c.coveredGeneration(), c.entries());
            for (Map.Entry<Long, Path> j : journals().headMap(c.coveredGeneration(), true).entrySet()) {
                IndexJournal.deleteQuietly(j.getValue());
            }
            return true;
        } catch (IOException e) {
            // The journals since the old snapshot are all still there, so nothing is lost.
            LOG.warn("image cache index: cannot write snapshot: {}", e.toString());
            return false;
        } finally {
            compacting = false;
        }
    }

    @Override
    public synchronized void close() {
        if (journal != null) {
            journal.close();
        }
    }

    /** Applies journal records to the index being loaded. */
    private static final class Replayer implements IndexJournal.Visitor {
        private final LruIndex index;

        Replayer(LruIndex index) {
            this.index = index;
        }

        @Override
        public void put(String id, long size, long hits, long lastAccess, long cachedAt,
                byte[] md5, String hashAlgorithm, byte[] multihash) {
            if (size >= 0 && hits >= 0) {
                index.addMostRecent(new IndexEntry(id, size, hits, lastAccess, cachedAt, md5, hashAlgorithm, multihash));
            }
        }

        @Override
        public void touch(String id, long lastAccess) {
            IndexEntry e = index.get(id);
            if (e != null) {
                index.touch(e, lastAccess);
            }
        }

        @Override
        public void remove(String id) {
            IndexEntry e = index.get(id);
            if (e != null) {
                index.remove(e);
            }
        }
    }
}
