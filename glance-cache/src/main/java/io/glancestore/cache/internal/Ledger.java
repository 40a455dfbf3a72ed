package io.glancestore.cache.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import javax.annotation.concurrent.GuardedBy;

/**
 * The shared book of a cache folder, kept in {@link LedgerDatabase}: the complete images with
 * their hashes and file identities, the fills in progress with the space each one reserved,
 * quarantined files, files renamed aside until unlinked, and the node-wide counters. Every
 * process on the folder reads and writes the same book, so the size limit, single flight, LRU
 * order and statistics hold across all of them.
 *
 * <p>Every change is one short transaction that also does the renames it records (a rename is
 * atomic and quick); no transaction reads or writes image bytes, and unlinks of large files
 * happen after commit ({@link #release}). A process that dies at any point leaves either the old
 * state or the new one plus files under names that say whose they are: its fills and renamed
 * files are recorded under its {@link OwnerLock} token and reclaimed by whoever finds the owner
 * dead ({@link LedgerOwners#reclaimDeadOwners}).
 *
 * <p>In-process pins (readers of this process that have a copy open) are kept here too: this
 * process never evicts a copy its own readers hold, and a copy removed while pinned is unlinked
 * after its last reader. Another process may evict a copy this one reads: the reader keeps its
 * open file (POSIX), whose blocks are freed when it closes.
 */
final class Ledger implements AutoCloseable {

    /** A file renamed aside ({@code incomplete/<name>}) and the bytes it counts for until unlinked. */
    record Trash(String name, long bytes) {
    }

    /** What a reservation found. */
    enum Outcome {
        /** Room reserved; the fill is recorded as this process's. */
        GRANTED,
        /** The image was published meanwhile. */
        CACHED,
        /** Another fill of the image is in progress (in this or another process). */
        BUSY,
        /** The image cannot fit, even evicting every copy not being read here. */
        NO_ROOM
    }

    /** A reservation's outcome and the files evicted for it, to unlink before the first write. */
    record Reservation(Outcome outcome, List<Trash> victims) {
    }

    /** Work done in one transaction. */
    interface Work<T> {
        T run(LedgerDatabase db) throws SQLException, IOException;
    }

    private static final String ENTRY_COLUMNS =
            "id, size, hits, last_access, cached_at, md5, hash_algo, multihash, dev, ino, ctime_ns";

    private final ReentrantLock lock = new ReentrantLock();
    @GuardedBy("lock")
    private final LedgerDatabase db;
    @GuardedBy("lock")
    private boolean closed;
    private final CacheFolder folder;
    private final String owner;
    private final long maxSize;
    private final Object pinLock = new Object();
    @GuardedBy("pinLock")
    private final Map<String, Integer> pins = new HashMap<>();
    @GuardedBy("pinLock")
    private final Map<String, List<Trash>> doomed = new HashMap<>();

    Ledger(LedgerDatabase db, CacheFolder folder, String owner, long maxSize) {
        this.db = db;
        this.folder = folder;
        this.owner = owner;
        this.maxSize = maxSize;
    }

    String owner() {
        return owner;
    }

    long maxSize() {
        return maxSize;
    }

    // ------------------------------------------------------------ transactions

    /** Runs work in a write transaction; any failure rolls it back. */
    <T> T write(Work<T> work) {
        lock.lock();
        try {
            checkOpen();
            db.begin();
            try {
                T result = work.run(db);
                db.commit();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                db.rollbackQuietly();
                throw e;
            }
        } catch (SQLException | IOException e) {
            throw new LedgerException("image cache " + folder + ": ledger: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs reads outside a transaction (each statement sees a committed state). */
    <T> T read(Work<T> work) {
        lock.lock();
        try {
            checkOpen();
            return work.run(db);
        } catch (SQLException | IOException e) {
            throw new LedgerException("image cache " + folder + ": ledger: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @GuardedBy("lock")
    private void checkOpen() {
        if (closed) {
            throw new LedgerException("image cache " + folder + " is closed", null);
        }
    }

    // ------------------------------------------------------------ images

    CachedEntry find(String id) {
        return read(d -> {
            try (ResultSet r = d.query("SELECT " + ENTRY_COLUMNS + " FROM images WHERE id = ?", id)) {
                return r.next() ? entry(r) : null;
            }
        });
    }

    /** Every complete image, least recently used first. */
    List<CachedEntry> entries() {
        return read(d -> {
            List<CachedEntry> out = new ArrayList<>();
            try (ResultSet r = d.query("SELECT " + ENTRY_COLUMNS + " FROM images ORDER BY lru")) {
                while (r.next()) {
                    out.add(entry(r));
                }
            }
            return out;
        });
    }

    private static CachedEntry entry(ResultSet r) throws SQLException {
        FileIdentity identity = null;
        if (r.getObject(9) != null) {
            identity = new FileIdentity(r.getLong(9), r.getLong(10), r.getLong(11), r.getLong(2), true);
        }
        return new CachedEntry(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getString(6),
                r.getString(7), r.getString(8), identity);
    }

    /**
     * Records a fill's file as a complete image: renames it into place (a foreign file in the
     * way is quarantined first), reads the identity it has there, and indexes it.
     *
     * @return the entry with its identity, or {@code null} if the fill is no longer this
     *     process's (reclaimed by another process that thought it dead)
     */
    CachedEntry publish(CachedEntry entry, Path file, long now) {
        return write(d -> {
            if (d.queryLong("SELECT count(*) FROM fills WHERE id = ? AND owner = ?", 0, entry.id(), owner) == 0) {
                return null;
            }
            Path target = folder.image(entry.id());
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                quarantineInTx(d, entry.id(), target, now);
            }
            Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            FileIdentity identity = FileIdentity.of(target);
            d.update("DELETE FROM fills WHERE id = ?", entry.id());
            d.update("INSERT INTO images(" + ENTRY_COLUMNS + ", lru) VALUES(?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    entry.id(), entry.size(), now, now, entry.md5(), entry.algorithm(), entry.multihash(),
                    identity.device(), identity.inode(), identity.changeNanos(), d.nextLru());
            d.addCounter("fills_published", 1);
            return new CachedEntry(entry.id(), entry.size(), 0, now, now, entry.md5(), entry.algorithm(),
                    entry.multihash(), identity);
        });
    }

    /** Records the identity of a copy whose content was verified. */
    void verified(CachedEntry entry, FileIdentity identity) {
        write(d -> d.update("UPDATE images SET dev = ?, ino = ?, ctime_ns = ? WHERE id = ? AND cached_at = ?",
                identity.device(), identity.inode(), identity.changeNanos(), entry.id(), entry.cachedAt()));
    }

    /** Forgets an image whose file is gone (removed behind the cache's back). */
    void forgetMissing(CachedEntry entry) {
        write(d -> {
            if (!Files.exists(folder.image(entry.id()), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                d.update("DELETE FROM images WHERE id = ? AND cached_at = ?", entry.id(), entry.cachedAt());
            }
            return null;
        });
    }

    /**
     * Moves a cached copy to {@code invalid/} (whatever it is: a link is moved, not followed),
     * counting the bytes it really holds there.
     *
     * @return true if the entry was still the indexed one
     */
    boolean quarantine(CachedEntry entry, long now) {
        List<Trash> replaced = new ArrayList<>();
        boolean done = write(d -> {
            if (d.queryLong("SELECT count(*) FROM images WHERE id = ? AND cached_at = ?", 0, entry.id(),
                    entry.cachedAt()) == 0) {
                return false;
            }
            d.update("DELETE FROM images WHERE id = ?", entry.id());
            replaced.addAll(quarantineInTx(d, entry.id(), folder.image(entry.id()), now));
            d.addCounter("checksum_mismatches", 1);
            return true;
        });
        release(replaced);
        return done;
    }

    @GuardedBy("lock")
    private List<Trash> quarantineInTx(LedgerDatabase d, String id, Path file, long now) throws SQLException, IOException {
        List<Trash> out = new ArrayList<>();
        try (ResultSet r = d.query("SELECT size FROM invalid WHERE id = ?", id)) {
            if (r.next()) {
                long old = r.getLong(1);
                r.close();
                trashInTx(d, folder.invalid(id), old, out);
                d.update("DELETE FROM invalid WHERE id = ?", id);
            }
        }
        long size;
        try {
            size = FileIdentity.of(file).size();
            Files.move(file, folder.invalid(id), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return out;
        }
        d.update("INSERT INTO invalid(id, size, since) VALUES(?, ?, ?)", id, size, now);
        return out;
    }

    /** Renames a file aside under this owner's name and records it; nothing if it is gone. */
    @GuardedBy("lock")
    private void trashInTx(LedgerDatabase d, Path file, long bytes, List<Trash> out) throws SQLException, IOException {
        String name = folder.trash(file, owner);
        if (name != null) {
            d.update("INSERT INTO trash(name, owner, bytes) VALUES(?, ?, ?)", name, owner, bytes);
            out.add(new Trash(name, bytes));
        }
    }

    /**
     * Takes images out of the cache: renamed aside at once (their names are free for new
     * fills), unlinked now, or after the last reader of this process for pinned ones.
     *
     * @param ids the images, or {@code null} for all
     * @return how many were indexed
     */
    int remove(List<String> ids) {
        Map<String, Trash> removed = new LinkedHashMap<>();
        write(d -> {
            List<String> targets = ids;
            if (targets == null) {
                targets = new ArrayList<>();
                try (ResultSet r = d.query("SELECT id FROM images")) {
                    while (r.next()) {
                        targets.add(r.getString(1));
                    }
                }
            }
            for (String id : targets) {
                long size = d.queryLong("SELECT size FROM images WHERE id = ?", -1, id);
                if (size >= 0) {
                    d.update("DELETE FROM images WHERE id = ?", id);
                    List<Trash> t = new ArrayList<>(1);
                    trashInTx(d, folder.image(id), size, t);
                    removed.put(id, t.isEmpty() ? null : t.get(0));
                }
            }
            return null;
        });
        List<Trash> now = new ArrayList<>();
        synchronized (pinLock) {
            removed.forEach((id, t) -> {
                if (t != null && pins.getOrDefault(id, 0) > 0) {
                    doomed.computeIfAbsent(id, k -> new ArrayList<>()).add(t);
                } else if (t != null) {
                    now.add(t);
                }
            });
        }
        release(now);
        return removed.size();
    }

    // ------------------------------------------------------------ pins

    void pin(String id) {
        synchronized (pinLock) {
            pins.merge(id, 1, Integer::sum);
        }
    }

    void unpin(String id) {
        List<Trash> later = null;
        synchronized (pinLock) {
            Integer n = pins.get(id);
            if (n == null || n <= 1) {
                pins.remove(id);
                later = doomed.remove(id);
            } else {
                pins.put(id, n - 1);
            }
        }
        if (later != null) {
            try {
                release(later);
            } catch (LedgerException e) {
                // counted until a later clean() of any process finds them
            }
        }
    }

    private boolean pinned(String id) {
        synchronized (pinLock) {
            return pins.containsKey(id);
        }
    }

    // ------------------------------------------------------------ space

    /**
     * Reserves room for a fill of {@code size} bytes and records the fill as this process's.
     * When the folder is short of room, quarantined files (oldest first) and then least
     * recently used copies not read here are renamed aside; nothing is evicted unless the whole
     * need can be met. Until they are unlinked their bytes count twice over: as files, and as
     * the part of the fill's reservation they cover; {@link #victimsGone} settles it.
     */
    Reservation reserve(String id, long size, long now) {
        return write(d -> {
            if (d.queryLong("SELECT count(*) FROM images WHERE id = ?", 0, id) > 0) {
                return new Reservation(Outcome.CACHED, List.of());
            }
            if (d.queryLong("SELECT count(*) FROM fills WHERE id = ?", 0, id) > 0) {
                return new Reservation(Outcome.BUSY, List.of());
            }
            if (size > maxSize) {
                return new Reservation(Outcome.NO_ROOM, List.of());
            }
            long used = d.usedBytes();
            long need = used + size - maxSize;
            List<Trash> victims = new ArrayList<>();
            long reserved = size;
            if (need > 0) {
                long dropped = evictInTx(d, need, victims);
                if (dropped < 0) {
                    return new Reservation(Outcome.NO_ROOM, List.of());
                }
                long stillNeeded = used - dropped + size - maxSize;
                reserved = stillNeeded > 0 ? size - stillNeeded : size;
            }
            d.update("INSERT INTO fills(id, owner, size, reserved, started) VALUES(?, ?, ?, ?, ?)", id, owner, size,
                    reserved, now);
            d.raiseCounter("peak_used_bytes", d.usedBytes());
            return new Reservation(Outcome.GRANTED, victims);
        });
    }

    /**
     * Evicts at least {@code need} bytes, or nothing if that much cannot be evicted.
     *
     * @return bytes of victims whose files were already gone (freed outright), or -1 when the
     *     need cannot be met
     */
    @GuardedBy("lock")
    private long evictInTx(LedgerDatabase d, long need, List<Trash> victims) throws SQLException, IOException {
        List<Object[]> plan = new ArrayList<>();
        long planned = 0;
        try (ResultSet r = d.query("SELECT id, size FROM invalid ORDER BY since")) {
            while (planned < need && r.next()) {
                plan.add(new Object[] {false, r.getString(1), r.getLong(2)});
                planned += r.getLong(2);
            }
        }
        if (planned < need) {
            try (ResultSet r = d.query("SELECT id, size FROM images ORDER BY lru")) {
                while (planned < need && r.next()) {
                    if (!pinned(r.getString(1))) {
                        plan.add(new Object[] {true, r.getString(1), r.getLong(2)});
                        planned += r.getLong(2);
                    }
                }
            }
        }
        if (planned < need) {
            return -1;
        }
        long dropped = 0;
        for (Object[] p : plan) {
            boolean image = (Boolean) p[0];
            String id = (String) p[1];
            long size = (Long) p[2];
            d.update(image ? "DELETE FROM images WHERE id = ?" : "DELETE FROM invalid WHERE id = ?", id);
            int before = victims.size();
            trashInTx(d, image ? folder.image(id) : folder.invalid(id), size, victims);
            if (victims.size() == before) {
                dropped += size;
            }
            if (image) {
                d.addCounter("evictions", 1);
                d.addCounter("evicted_bytes", size);
            }
        }
        return dropped;
    }

    /**
     * Unlinks the victims of a reservation; once all are gone the fill's whole size counts as
     * its reservation.
     *
     * @return false if some victim could not be unlinked (the fill must then be given up)
     */
    boolean victimsGone(String id, List<Trash> victims) {
        if (victims.isEmpty()) {
            return true;
        }
        List<Trash> gone = unlink(victims);
        boolean all = gone.size() == victims.size();
        write(d -> {
            for (Trash t : gone) {
                d.update("DELETE FROM trash WHERE name = ?", t.name());
            }
            if (all) {
                d.update("UPDATE fills SET reserved = size WHERE id = ? AND owner = ?", id, owner);
            }
            return null;
        });
        return all;
    }

    /** Evicts until the folder is within the limit, as far as copies not read here allow. */
    List<Trash> prune() {
        List<Trash> victims = new ArrayList<>();
        write(d -> {
            long need = d.usedBytes() - maxSize;
            if (need > 0 && evictInTx(d, need, victims) < 0) {
                evictInTx(d, evictableBytes(d), victims); // as much as possible
            }
            return null;
        });
        return victims;
    }

    @GuardedBy("lock")
    private long evictableBytes(LedgerDatabase d) throws SQLException {
        long n = d.queryLong("SELECT total(size) FROM invalid", 0);
        try (ResultSet r = d.query("SELECT id, size FROM images")) {
            while (r.next()) {
                n += pinned(r.getString(1)) ? 0 : r.getLong(2);
            }
        }
        return n;
    }

    /**
     * Ends a fill of this process that will not be published: its file is quarantined in
     * {@code invalid/} (its bytes did not match) or renamed aside.
     *
     * @return what to unlink
     */
    List<Trash> endFill(String id, Path file, boolean quarantine, long now) {
        return write(d -> {
            long reserved = d.queryLong("SELECT reserved FROM fills WHERE id = ? AND owner = ?", -1, id, owner);
            if (reserved < 0) {
                return List.of();
            }
            d.update("DELETE FROM fills WHERE id = ?", id);
            List<Trash> out = new ArrayList<>();
            if (quarantine) {
                out.addAll(quarantineInTx(d, id, file, now));
                d.addCounter("checksum_mismatches", 1);
            } else {
                trashInTx(d, file, reserved, out);
            }
            return out;
        });
    }

    /** Quarantined files older than {@code cutoff}, renamed aside. */
    List<Trash> expireInvalid(long cutoff) {
        return write(d -> {
            List<Object[]> old = new ArrayList<>();
            try (ResultSet r = d.query("SELECT id, size FROM invalid WHERE since < ?", cutoff)) {
                while (r.next()) {
                    old.add(new Object[] {r.getString(1), r.getLong(2)});
                }
            }
            List<Trash> out = new ArrayList<>();
            for (Object[] o : old) {
                d.update("DELETE FROM invalid WHERE id = ?", o[0]);
                trashInTx(d, folder.invalid((String) o[0]), (Long) o[1], out);
            }
            return out;
        });
    }

    /** This process's renamed files left by failed unlinks (not those waiting for readers). */
    List<Trash> strandedTrash() {
        List<Trash> mine = read(d -> {
            List<Trash> out = new ArrayList<>();
            try (ResultSet r = d.query("SELECT name, bytes FROM trash WHERE owner = ?", owner)) {
                while (r.next()) {
                    out.add(new Trash(r.getString(1), r.getLong(2)));
                }
            }
            return out;
        });
        synchronized (pinLock) {
            doomed.values().forEach(mine::removeAll);
        }
        return mine;
    }

    /** Unlinks renamed files, then stops counting those that are gone. */
    void release(List<Trash> trash) {
        if (trash.isEmpty()) {
            return;
        }
        List<Trash> gone = unlink(trash);
        if (!gone.isEmpty()) {
            write(d -> {
                for (Trash t : gone) {
                    d.update("DELETE FROM trash WHERE name = ?", t.name());
                }
                return null;
            });
        }
    }

    private List<Trash> unlink(List<Trash> trash) {
        List<Trash> gone = new ArrayList<>();
        for (Trash t : trash) {
            try {
                Files.deleteIfExists(folder.incomplete(t.name()));
                gone.add(t);
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(Ledger.class).error("image cache {}: cannot unlink {}: {}",
                        folder, t.name(), e.toString());
            }
        }
        return gone;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                db.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
