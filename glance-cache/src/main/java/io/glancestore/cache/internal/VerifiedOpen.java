package io.glancestore.cache.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Opens a cached copy for a hit only if it is the file the cache published: a regular file
 * (checked before opening, so a FIFO or device is never opened), opened without following a
 * link, with the recorded size on the open descriptor, and the device, inode and change time
 * recorded at publication. Costs two {@code lstat}s and an {@code fstat} per hit.
 *
 * <p>A regular file of the right size whose identity is not the recorded one is a copy the
 * ledger cannot vouch for (restored from a backup, adopted from the folder, or overwritten in
 * place): its content is hashed against the recorded md5 and multihash before it is served, and
 * its identity recorded if they match (adoption).
 */
final class VerifiedOpen {

    /** What opening found. */
    enum Status {
        /** The published file, open. */
        OK,
        /** No file under the name. */
        GONE,
        /** Not the published file, and not a copy of it: quarantine it. */
        BAD
    }

    /** The outcome: an open channel and the entry it matched, or why not. */
    record Result(Status status, FileChannel channel, CachedEntry entry, String problem) {
    }

    private final CacheFolder folder;
    private final Ledger ledger;

    VerifiedOpen(CacheFolder folder, Ledger ledger) {
        this.folder = folder;
        this.ledger = ledger;
    }

    Result open(CachedEntry entry) {
        Path path = folder.image(entry.id());
        FileChannel ch = null;
        try {
            FileIdentity before = FileIdentity.of(path);
            if (!before.regularFile()) {
                return new Result(Status.BAD, null, entry, "not a regular file (a link, folder or device)");
            }
            ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            FileIdentity after = FileIdentity.of(path);
            long openSize = ch.size();
            if (openSize == entry.size() && after.sameFileAs(entry.identity()) && before.sameFileAs(entry.identity())) {
                return new Result(Status.OK, ch, entry, null);
            }
            // Published again by another process since this one looked, or never verified here.
            CachedEntry fresh = ledger.find(entry.id());
            if (fresh != null && openSize == fresh.size() && after.sameFileAs(fresh.identity())
                    && before.sameFileAs(fresh.identity())) {
                return new Result(Status.OK, ch, fresh, null);
            }
            CachedEntry record = fresh != null ? fresh : entry;
            if (!after.regularFile() || openSize != record.size() || after.size() != record.size()
                    || after.inode() != before.inode()) {
                close(ch);
                return new Result(Status.BAD, null, record, "the file is " + openSize + " bytes, the ledger records "
                        + record.size());
            }
            String mismatch = contentMismatch(ch, record);
            if (mismatch != null) {
                close(ch);
                return new Result(Status.BAD, null, record, mismatch);
            }
            FileIdentity verified = FileIdentity.of(path);
            if (!verified.equals(after)) {
                close(ch);
                return new Result(Status.BAD, null, record, "the file changed while it was verified");
            }
            ledger.verified(record, verified);
            return new Result(Status.OK, ch, record.withIdentity(verified), null);
        } catch (NoSuchFileException e) {
            close(ch);
            return new Result(Status.GONE, null, entry, "no file");
        } catch (IOException e) {
            close(ch);
            return new Result(Status.BAD, null, entry, "cannot be opened: " + e);
        } catch (RuntimeException e) {
            close(ch);
            throw e;
        }
    }

    /**
     * Hashes a copy and compares it with its record.
     *
     * @return what differs, or {@code null} when md5 and multihash match
     */
    static String contentMismatch(FileChannel ch, CachedEntry record) throws IOException {
        if (record.md5() == null || record.multihash() == null) {
            return "no hashes are recorded to verify it against";
        }
        MessageDigest md5 = Digests.create("md5");
        MessageDigest multihash = Digests.create(record.algorithm());
        Publisher.hash(ch, record.size(), md5, multihash);
        String m = Digests.hex(md5.digest());
        if (!m.equalsIgnoreCase(record.md5())) {
            return "md5 is " + m + ", recorded " + record.md5();
        }
        String h = Digests.hex(multihash.digest());
        if (!h.equalsIgnoreCase(record.multihash())) {
            return record.algorithm() + " is " + h + ", recorded " + record.multihash();
        }
        return null;
    }

    private static void close(FileChannel ch) {
        FillCoordinator.closeQuietly(ch);
    }
}
