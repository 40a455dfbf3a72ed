package io.glancestore.cache.internal;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the ledger and the folder into agreement when a cache opens, while other processes may
 * be using both: reclaims what dead processes left (their fills, reservations and renamed
 * files), forgets images whose files are gone, and adopts files the ledger does not know. A file
 * is adopted only if it carries the record it was published with ({@link PublishTag}), and even
 * then it is not trusted: its entry has no identity until its content has been hashed against
 * that record (on its first hit, or by {@code verify()}). Anything else under an image's name is
 * a foreign file and is quarantined, never served.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** What was found. */
    record Report(int reclaimed, int forgotten, int adopted, int quarantined, int leftovers) {
    }

    private Recovery() {
    }

    static Report run(CacheFolder folder, Ledger ledger) {
        long[] reclaimed = LedgerOwners.reclaimDeadOwners(ledger, folder);
        List<String> names = folder.imageNames();
        List<CacheFolder.FileInfo> incomplete = CacheFolder.files(folder.incompleteDir());
        int[] counts = new int[4];
        ledger.write(d -> {
            Set<String> present = new HashSet<>(names);
            List<String> missing = new ArrayList<>();
            Set<String> indexed = new HashSet<>();
            try (ResultSet r = d.query("SELECT id FROM images")) {
                while (r.next()) {
                    indexed.add(r.getString(1));
                    if (!present.contains(r.getString(1))) {
                        missing.add(r.getString(1));
                    }
                }
            }
            for (String id : missing) {
                if (!Files.exists(folder.image(id), LinkOption.NOFOLLOW_LINKS)) {
                    d.update("DELETE FROM images WHERE id = ?", id);
                    counts[0]++;
                }
            }
            // Files the ledger does not know: published before the ledger was lost, or foreign.
            List<CacheFolder.FileInfo> unknown = new ArrayList<>();
            for (String n : names) {
                if (!indexed.contains(n)) {
                    CacheFolder.FileInfo i = CacheFolder.info(folder.image(n));
                    unknown.add(i != null ? i : new CacheFolder.FileInfo(n, -1, 0, 0));
                }
            }
            unknown.sort(Comparator.comparingLong(i -> Math.max(i.lastAccessMillis(), i.lastModifiedMillis())));
            long now = System.currentTimeMillis();
            for (CacheFolder.FileInfo i : unknown) {
                long access = Math.max(i.lastAccessMillis(), i.lastModifiedMillis());
                CachedEntry tagged = i.size() < 0 ? null : PublishTag.read(folder.image(i.name()), i.name(), access,
                        i.lastModifiedMillis());
                if (tagged != null && tagged.size() == i.size()) {
                    d.update("INSERT INTO images(id, size, hits, last_access, cached_at, lru, md5, hash_algo, multihash)"
                            + " VALUES(?, ?, 0, ?, ?, ?, ?, ?, ?)", tagged.id(), tagged.size(), access,
                            tagged.cachedAt(), d.nextLru(), tagged.md5(), tagged.algorithm(), tagged.multihash());
                    counts[1]++;
                } else {
                    long size = CacheFolder.sizeNoFollow(folder.image(i.name()));
                    if (size < 0) {
                        continue; // evicted by another process since the folder was listed
                    }
                    d.update("DELETE FROM invalid WHERE id = ?", i.name());
                    Files.move(folder.image(i.name()), folder.invalid(i.name()), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    d.update("INSERT INTO invalid(id, size, since) VALUES(?, ?, ?)", i.name(), size, now);
                    counts[2]++;
                    LOG.warn("image cache {}: {} is not a file this cache published; quarantined in {}/", folder,
                            i.name(), CacheFolder.INVALID);
                }
            }
            // Leftovers in incomplete/: a fill's file with no fill recorded, renamed files of dead owners.
            Set<String> fills = new HashSet<>();
            Set<String> trash = new HashSet<>();
            try (ResultSet r = d.query("SELECT id FROM fills")) {
                while (r.next()) {
                    fills.add(r.getString(1));
                }
            }
            try (ResultSet r = d.query("SELECT name FROM trash")) {
                while (r.next()) {
                    trash.add(r.getString(1));
                }
            }
            for (CacheFolder.FileInfo i : incomplete) {
                String owner = CacheFolder.trashOwner(i.name());
                boolean leftover = owner == null ? !fills.contains(i.name())
                        : !trash.contains(i.name()) && !OwnerLock.isAlive(folder.ownersDir(), owner);
                if (leftover && Files.deleteIfExists(folder.incomplete(i.name()))) {
                    counts[3]++;
                }
            }
            return null;
        });
        return new Report((int) reclaimed[0], counts[0], counts[1], counts[2], counts[3]);
    }

    /** Logs what recovery did, if anything. */
    static void log(CacheFolder folder, Report r) {
        if (r.reclaimed() + r.forgotten() + r.adopted() + r.quarantined() + r.leftovers() > 0) {
            LOG.info("image cache {}: reclaimed {} files of dead processes, forgot {} missing images, adopted {}"
                    + " (verified on first use), quarantined {} foreign files, removed {} leftovers", folder,
                    r.reclaimed(), r.forgotten(), r.adopted(), r.quarantined(), r.leftovers());
        }
    }
}
