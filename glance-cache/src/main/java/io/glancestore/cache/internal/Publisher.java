package io.glancestore.cache.internal;

import io.glancestore.support.ParallelDigests;
import io.glancestore.support.SlicedFileIo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.concurrent.Semaphore;

/**
 * The end of a fill that has every byte: computes the hashes no reader vouched for (md5 and the
 * multihash on two threads), checks them against the hashes readers expected, syncs the file
 * (a published image survives a power cut), tags it with its record ({@link PublishTag}) and has
 * the ledger rename it into place and index it with the identity it has there. Runs on the
 * cache's background executor, at most two at a time so readers keep the cores they need.
 */
final class Publisher {

    /** The array a publication hashes through: not humongous for G1, read into in slices. */
    private static final int HASH_BUFFER = 256 * 1024;

    /** What a fill knows at its end. */
    record Request(String id, long size, Path file, FileChannel channel, String md5, String algorithm,
            String multihash, String expectedMd5, String expectedMultihash) {
    }

    /** The outcome: the published entry, or why not. */
    record Result(CachedEntry entry, String mismatch, String failure) {
    }

    private final Ledger ledger;
    private final CacheFolder folder;
    private final Clock clock;
    private final Semaphore hashing = new Semaphore(2);

    Publisher(Ledger ledger, CacheFolder folder, Clock clock) {
        this.ledger = ledger;
        this.folder = folder;
        this.clock = clock;
    }

    Result publish(Request r) {
        try {
            String md5 = r.md5();
            String multihash = r.multihash();
            if (md5 == null || multihash == null) {
                MessageDigest m = md5 == null ? Digests.create("md5") : null;
                MessageDigest h = multihash == null ? Digests.create(r.algorithm()) : null;
                hashing.acquireUninterruptibly();
                try {
                    hash(r.channel(), r.size(), m, h);
                } finally {
                    hashing.release();
                }
                md5 = m != null ? Digests.hex(m.digest()) : md5;
                multihash = h != null ? Digests.hex(h.digest()) : multihash;
            }
            if (r.expectedMd5() != null && !md5.equalsIgnoreCase(r.expectedMd5())) {
                return new Result(null, "md5 is " + md5 + ", expected " + r.expectedMd5(), null);
            }
            if (r.expectedMultihash() != null && !multihash.equalsIgnoreCase(r.expectedMultihash())) {
                return new Result(null, r.algorithm() + " multihash is " + multihash + ", expected "
                        + r.expectedMultihash(), null);
            }
            r.channel().force(true);
            long now = clock.millis();
            CachedEntry entry = new CachedEntry(r.id(), r.size(), 0, now, now, md5, r.algorithm(), multihash, null);
            PublishTag.write(r.file(), entry);
            CachedEntry published = ledger.publish(entry, r.file(), now);
            if (published == null) {
                return new Result(null, null, "the fill was reclaimed by another process");
            }
            Files.deleteIfExists(folder.queued(r.id()));
            return new Result(published, null, null);
        } catch (IOException | RuntimeException e) {
            return new Result(null, null, "cannot publish: " + e);
        }
    }

    /**
     * Hashes a whole file by positional reads, in slices: a read with the whole array would leave
     * the background thread a direct buffer as large, for as long as it lives.
     */
    static void hash(FileChannel channel, long size, MessageDigest md5, MessageDigest multihash) throws IOException {
        byte[] buf = new byte[HASH_BUFFER];
        try (ParallelDigests digests = new ParallelDigests(md5, multihash)) {
            for (long pos = 0; pos < size; ) {
                int n = SlicedFileIo.read(channel, buf, 0, buf.length, pos);
                if (n < 0) {
                    throw new IOException("the file is shorter than its " + size + " bytes");
                }
                digests.update(buf, 0, n);
                pos += n;
            }
            if (channel.size() != size) {
                throw new IOException("the file holds " + channel.size() + " bytes, not " + size);
            }
            digests.finish();
        }
    }
}
