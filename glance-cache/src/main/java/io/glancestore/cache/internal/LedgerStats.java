package io.glancestore.cache.internal;

import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

/** The ledger's counters: batches of hits and counts written, occupancy and counters read. */
final class LedgerStats {

    /** Occupancy and counters as of one read. */
    record Occupancy(long used, long cachedBytes, int cachedImages, int fills, int invalidFiles, long invalidBytes,
            Map<String, Long> counters) {
    }

    private LedgerStats() {
    }


    /** Writes a batch of hits (id to count and last access, in access order) and counter deltas. */
    static void record(Ledger ledger, Map<String, long[]> hits, Map<String, Long> deltas) {
        if (hits.isEmpty() && deltas.isEmpty()) {
            return;
        }
        ledger.write(d -> {
            for (Map.Entry<String, long[]> h : hits.entrySet()) {
                d.update("UPDATE images SET hits = hits + ?, last_access = max(last_access, ?), lru = ? WHERE id = ?",
                        h.getValue()[0], h.getValue()[1], d.nextLru(), h.getKey());
            }
            for (Map.Entry<String, Long> c : deltas.entrySet()) {
                d.addCounter(c.getKey(), c.getValue());
            }
            return null;
        });
    }

    static Occupancy occupancy(Ledger ledger) {
        return ledger.read(d -> {
            Map<String, Long> counters = new HashMap<>();
            try (ResultSet r = d.query("SELECT name, value FROM counters")) {
                while (r.next()) {
                    counters.put(r.getString(1), r.getLong(2));
                }
            }
            return new Occupancy(d.usedBytes(), d.queryLong("SELECT total(size) FROM images", 0),
                    (int) d.queryLong("SELECT count(*) FROM images", 0),
                    (int) d.queryLong("SELECT count(*) FROM fills", 0),
                    (int) d.queryLong("SELECT count(*) FROM invalid", 0),
                    d.queryLong("SELECT total(size) FROM invalid", 0), counters);
        });
    }
}
