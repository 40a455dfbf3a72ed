package io.glancestore.cache.internal;

import io.glancestore.cache.CleanupResult;
import io.glancestore.cache.ScrubResult;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Glance's cache management, pruner, cleaner and a scrubber do, for every process on the
 * folder at once: removing copies, pruning to the limit, cleaning stalled fills and old
 * quarantined files, reclaiming what dead processes left, and verifying every copy against its
 * record. Each runs beside services reading the cache; none holds the ledger while it reads or
 * unlinks files.
 */
final class Maintenance {

    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    private final CacheFolder folder;
    private final Ledger ledger;
    private final FillCoordinator fills;
    private final ReadPath reads;
    private final Clock clock;
    private final long stallMillis;

    Maintenance(CacheFolder folder, Ledger ledger, FillCoordinator fills, ReadPath reads, Clock clock,
            long stallMillis) {
        this.folder = folder;
        this.ledger = ledger;
        this.fills = fills;
        this.reads = reads;
        this.clock = clock;
        this.stallMillis = stallMillis;
    }

    /** Removes an image's copy and stops this process's fill of it. */
    boolean evict(String id) {
        fills.abandon(id, "the image was deleted");
        reads.forget(id);
        return ledger.remove(List.of(id)) > 0;
    }

    int evictAll() {
        return ledger.remove(null);
    }

    /** Evicts quarantined files, then least recently used copies, until within the limit. */
    CleanupResult prune() {
        List<Ledger.Trash> victims = ledger.prune();
        ledger.release(victims);
        return new CleanupResult(victims.size(), victims.stream().mapToLong(Ledger.Trash::bytes).sum());
    }

    /**
     * Removes this process's stalled fills, quarantined files older than the stall time, what
     * dead processes left, and foreign files in {@code incomplete/} older than the stall time;
     * retries unlinks that failed before.
     */
    CleanupResult clean() {
        long now = clock.millis();
        int files = 0;
        long bytes = 0;
        for (long written : fills.abandonStalled(now - stallMillis,
                "stalled: no progress for more than " + stallMillis / 1000 + " s")) {
            files++;
            bytes += written;
        }
        long[] dead = LedgerOwners.reclaimDeadOwners(ledger, folder);
        files += (int) dead[0];
        bytes += dead[1];
        List<Ledger.Trash> trash = new java.util.ArrayList<>(ledger.strandedTrash());
        trash.addAll(ledger.expireInvalid(now - stallMillis));
        for (Ledger.Trash t : trash) {
            files++;
            bytes += t.bytes();
        }
        ledger.release(trash);
        Set<String> active = new HashSet<>(LedgerOwners.fillIds(ledger));
        for (CacheFolder.FileInfo i : CacheFolder.files(folder.incompleteDir())) {
            String owner = CacheFolder.trashOwner(i.name());
            boolean stray = owner != null ? !OwnerLock.isAlive(folder.ownersDir(), owner) && !LedgerOwners.knowsOwner(ledger, owner)
                    : !active.contains(i.name()) && now - i.lastModifiedMillis() > stallMillis;
            if (stray) {
                try {
                    if (Files.deleteIfExists(folder.incomplete(i.name()))) {
                        files++;
                        bytes += i.size();
                    }
                } catch (IOException e) {
                    LOG.warn("image cache {}: cannot remove stray {}: {}", folder, i.name(), e.toString());
                }
            }
        }
        return new CleanupResult(files, bytes);
    }

    /**
     * Reads every complete copy and checks it against its record: the file the cache published
     * (or, for a copy not yet verified here, one whose content matches), with the recorded md5
     * and multihash. Bit rot, tampering and foreign files are quarantined.
     */
    ScrubResult verify() {
        int checked = 0;
        int quarantined = 0;
        int adopted = 0;
        long bytes = 0;
        for (CachedEntry e : ledger.entries()) {
            String problem;
            FileIdentity identity = null;
            try {
                FileIdentity before = FileIdentity.of(folder.image(e.id()));
                if (!before.regularFile()) {
                    problem = "not a regular file";
                } else {
                    try (FileChannel ch = FileChannel.open(folder.image(e.id()), StandardOpenOption.READ,
                            LinkOption.NOFOLLOW_LINKS)) {
                        problem = ch.size() != e.size() ? "the file is " + ch.size() + " bytes, recorded " + e.size()
                                : VerifiedOpen.contentMismatch(ch, e);
                        bytes += Math.min(ch.size(), e.size());
                    }
                    identity = FileIdentity.of(folder.image(e.id()));
                    if (problem == null && !identity.equals(before)) {
                        problem = "the file changed while it was verified";
                    }
                }
            } catch (NoSuchFileException gone) {
                ledger.forgetMissing(e);
                continue;
            } catch (IOException ex) {
                problem = "cannot be read: " + ex;
            }
            checked++;
            if (problem != null) {
                reads.forget(e.id());
                if (ledger.quarantine(e, clock.millis())) {
                    quarantined++;
                    LOG.warn("image cache {}: cached image {} failed verification ({}); quarantined", folder, e.id(),
                            problem);
                }
            } else if (!identity.sameFileAs(e.identity())) {
                ledger.verified(e, identity);
                reads.forget(e.id());
                adopted++;
            }
        }
        return new ScrubResult(checked, bytes, quarantined, adopted);
    }
}
