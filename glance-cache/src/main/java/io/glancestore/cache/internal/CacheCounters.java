package io.glancestore.cache.internal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import javax.annotation.concurrent.GuardedBy;

/**
 * What this process counted and has not yet written to the ledger: counter increments and the
 * hits of each image with its last access. A hit costs an in-memory update; the batch goes to
 * the ledger in one transaction now and then ({@link #drainTo}), so the statistics, hit counts and
 * LRU order are shared by every process on the folder and survive restarts without a database
 * write per read.
 */
final class CacheCounters {

    /** Counters kept per process and added to the ledger's. */
    enum Counter {
        HITS("hits"),
        SHARED_READS("shared_reads"),
        FILLS("fills"),
        FILLS_FAILED("fills_failed"),
        PASS_THROUGHS("pass_throughs"),
        VERIFICATION_FAILURES("verification_failures"),
        FOLDER_UNAVAILABLE("folder_unavailable");

        final String column;

        Counter(String column) {
            this.column = column;
        }
    }

    private final Map<Counter, LongAdder> pending = new EnumMap<>(Counter.class);
    @GuardedBy("this")
    private Map<String, long[]> hits = new LinkedHashMap<>();

    CacheCounters() {
        for (Counter c : Counter.values()) {
            pending.put(c, new LongAdder());
        }
    }

    void add(Counter c) {
        pending.get(c).increment();
    }

    /** A read served from a complete copy at {@code now}. */
    void hit(String id, long now) {
        pending.get(Counter.HITS).increment();
        synchronized (this) {
            long[] h = hits.remove(id); // re-inserted: the map stays in access order
            if (h == null) {
                h = new long[2];
            }
            h[0]++;
            h[1] = now;
            hits.put(id, h);
        }
    }

    /** This process's counts not yet written, by ledger counter name. */
    Map<String, Long> unwritten() {
        Map<String, Long> out = new HashMap<>();
        pending.forEach((c, v) -> out.put(c.column, v.sum()));
        return out;
    }

    /**
     * Writes the pending counts to the ledger; on failure they stay pending.
     *
     * @throws LedgerException if the ledger cannot be written
     */
    void drainTo(Ledger ledger) {
        Map<String, long[]> batch;
        synchronized (this) {
            batch = hits;
            hits = new LinkedHashMap<>();
        }
        Map<String, Long> deltas = new HashMap<>();
        pending.forEach((c, v) -> {
            long n = v.sumThenReset();
            if (n != 0) {
                deltas.put(c.column, n);
            }
        });
        try {
            LedgerStats.record(ledger, batch, deltas);
        } catch (RuntimeException e) {
            synchronized (this) {
                batch.forEach((id, h) -> hits.merge(id, h, (a, b) -> new long[] {a[0] + b[0], Math.max(a[1], b[1])}));
            }
            deltas.forEach((name, n) -> {
                for (Counter c : Counter.values()) {
                    if (c.column.equals(name)) {
                        pending.get(c).add(n);
                    }
                }
            });
            throw e;
        }
    }
}
