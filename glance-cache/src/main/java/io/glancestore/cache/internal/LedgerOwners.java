package io.glancestore.cache.internal;

import java.nio.file.Files;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's side of other processes: who owns the fills and renamed files it records, and
 * reclaiming what owners that died left behind.
 */
final class LedgerOwners {

    private LedgerOwners() {
    }


    /**
     * Reclaims what owners that died left: their fills' files and reservations, and the files
     * they had renamed aside.
     *
     * @return files removed and their bytes
     */
    static long[] reclaimDeadOwners(Ledger ledger, CacheFolder folder) {
        String owner = ledger.owner();
        List<String> others = ledger.read(d -> {
            List<String> out = new ArrayList<>();
            try (ResultSet r = d.query("SELECT owner FROM fills WHERE owner <> ?1 UNION SELECT owner FROM trash"
                    + " WHERE owner <> ?1", owner)) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        });
        List<String> dead = new ArrayList<>();
        for (String o : others) {
            if (!OwnerLock.isAlive(folder.ownersDir(), o)) {
                dead.add(o);
            }
        }
        if (dead.isEmpty()) {
            return new long[2];
        }
        return ledger.write(d -> {
            long[] removed = new long[2];
            for (String o : dead) {
                try (ResultSet r = d.query("SELECT id, reserved FROM fills WHERE owner = ?", o)) {
                    while (r.next()) {
                        Files.deleteIfExists(folder.incomplete(r.getString(1)));
                        removed[0]++;
                        removed[1] += r.getLong(2);
                    }
                }
                try (ResultSet r = d.query("SELECT name, bytes FROM trash WHERE owner = ?", o)) {
                    while (r.next()) {
                        Files.deleteIfExists(folder.incomplete(r.getString(1)));
                        removed[0]++;
                        removed[1] += r.getLong(2);
                    }
                }
                d.update("DELETE FROM fills WHERE owner = ?", o);
                d.update("DELETE FROM trash WHERE owner = ?", o);
                d.addCounter("fills_failed", removed[0]);
            }
            return removed;
        });
    }

    /** Whether any file or fill in the ledger names this owner token. */
    static boolean knowsOwner(Ledger ledger, String token) {
        return ledger.read(d -> d.queryLong("SELECT count(*) FROM (SELECT owner FROM fills WHERE owner = ?1"
                + " UNION ALL SELECT owner FROM trash WHERE owner = ?1)", 0, token) > 0);
    }

    /** Ids of fills in progress (any process). */
    static List<String> fillIds(Ledger ledger) {
        return ledger.read(d -> {
            List<String> out = new ArrayList<>();
            try (ResultSet r = d.query("SELECT id FROM fills")) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        });
    }
}
