package io.glancestore.cache.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Measures what a cache hit costs the index, the work done under the cache's lock: the lookup,
 * the move to most recently used, the hit count, and the journal record (with the writes of the
 * journal buffer to the file as it fills). Separately, the snapshot that compaction writes now
 * and then, outside the lock, amortized per hit.
 */
public final class IndexTouchBench {

    /** Nanoseconds per hit under the lock, and amortized snapshot nanoseconds per hit. */
    public record Result(int entries, long touches, double lockedNanosPerTouch, double snapshotNanosPerTouch,
            long journalBytes) {
    }

    private IndexTouchBench() {
    }

    /**
     * Runs the measurement in an empty folder.
     *
     * @param dir an empty folder for the index files
     * @param entries index size
     * @param touches hits to time
     * @return the figures
     * @throws IOException if the index files cannot be written
     */
    public static Result run(Path dir, int entries, int touches) throws IOException {
        LruIndex index = new LruIndex();
        try (IndexStore store = new IndexStore(dir)) {
            store.load(index);
            SplittableRandom random = new SplittableRandom(entries);
            String[] ids = new String[entries];
            for (int i = 0; i < entries; i++) {
                byte[] md5 = new byte[16];
                byte[] sha512 = new byte[64];
                random.nextBytes(md5);
                random.nextBytes(sha512);
                ids[i] = UUID.randomUUID().toString();
                IndexEntry e = new IndexEntry(ids[i], 1L << 30, 0, 0, 0, md5, "sha512", sha512);
                index.addMostRecent(e);
                store.journal().put(e);
            }
            store.finishCompaction(store.beginCompaction(index));
            int[] picks = new int[touches];
            for (int k = 0; k < touches; k++) {
                picks[k] = random.nextInt(entries);
            }
            loop(index, store, ids, picks, Math.min(touches, 1_000_000), false); // warm-up
            long lockedNanos = loop(index, store, ids, picks, touches, false);
            long withSnapshots = loop(index, store, ids, picks, touches, true);
            long journalBytes = store.journal().size();
            return new Result(entries, touches, (double) lockedNanos / touches,
                    Math.max(0, (double) (withSnapshots - lockedNanos) / touches), journalBytes);
        }
    }

    private static long loop(LruIndex index, IndexStore store, String[] ids, int[] picks, int n, boolean compact) {
        long t0 = System.nanoTime();
        for (int k = 0; k < n; k++) {
            IndexEntry e = index.get(ids[picks[k]]);
            index.touch(e, k);
            store.journal().touch(e);
            if (compact && store.compactionDue()) {
                store.finishCompaction(store.beginCompaction(index));
            }
        }
        return System.nanoTime() - t0;
    }
}
