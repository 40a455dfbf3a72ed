package io.glancestore.support;

import io.glancestore.ProgressListener;
import io.glancestore.ReadOptions;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.GlanceStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one verifying stream: wraps the bytes of a read so that exactly {@code length} bytes are
 * delivered (a stream that ends early is an error rather than a silently short image, and never
 * more than asked), progress is reported, and the whole image is checked against the caller's
 * expected hashes: the read that completes the image throws {@link ChecksumMismatchException}
 * instead of returning. The API layer puts it in front of every driver read and the cache in
 * front of what it serves, so callers see the same behaviour with and without the cache.
 *
 * <p>The hashes run on pipeline threads ({@link ParallelDigests}), so a verified read is not
 * slowed by their sum. Memory: none of its own for a plain read; a verified read borrows its
 * chunks from the shared {@link BufferPool} (at most {@value ParallelDigests#MAX_CHUNKS}), and
 * only once bytes flow.
 */
public final class CheckedImageStream extends BulkInputStream {

    private final InputStream in;
    private final long length;
    private final ProgressListener listener;
    private final String description;
    private final Consumer<GlanceStoreException> onFailure;
    private final MessageDigest md5;
    private final String expectedMd5;
    private final MessageDigest multihash;
    private final String expectedMultihash;
    private final String algorithm;
    private final ParallelDigests digests;
    private byte[] md5Value;
    private byte[] multihashValue;
    private long delivered;
    private boolean checked;

    /**
     * Wraps a stream.
     *
     * @param in the bytes
     * @param length how many bytes {@code in} must deliver
     * @param listener told of the bytes delivered
     * @param expected the hashes to check the whole image against (its expected md5 and
     *     multihash), or {@code null} to check none
     * @param description names the read in messages
     * @param onFailure told about a mismatch or a short stream before it is thrown, or
     *     {@code null}
     * @throws io.glancestore.exception.UnknownHashingAlgoException if the multihash algorithm
     *     is unknown
     */
    public CheckedImageStream(InputStream in, long length, ProgressListener listener, ReadOptions expected,
            String description, Consumer<GlanceStoreException> onFailure) {
        this.in = Objects.requireNonNull(in, "in");
        this.length = length;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.description = description;
        this.onFailure = onFailure;
        boolean verifies = expected != null && expected.verifies();
        this.expectedMd5 = verifies ? expected.expectedMd5() : null;
        this.expectedMultihash = verifies ? expected.expectedMultihash() : null;
        this.md5 = expectedMd5 == null ? null : HashAlgorithms.resolve("md5").newDigest();
        HashAlgorithms.Resolved hash = expectedMultihash == null ? null : HashAlgorithms.resolve(expected.hashAlgorithm());
        this.algorithm = hash == null ? null : hash.glanceName();
        this.multihash = hash == null ? null : hash.newDigest();
        this.digests = md5 == null && multihash == null ? null : new ParallelDigests(md5, multihash);
    }

    /**
     * Whether wrapping a stream with this listener and these expectations does anything a plain
     * stream of the right length would not.
     *
     * @param listener the progress listener
     * @param expected the expected hashes, or {@code null}
     * @return true when the stream has something to report or check
     */
    public static boolean needed(ProgressListener listener, ReadOptions expected) {
        return listener != ProgressListener.NONE || (expected != null && expected.verifies());
    }

    /**
     * The md5 that matched the expected one, once the whole image was read and checked.
     *
     * @return the digest, or {@code null} if none was expected or the check has not passed
     */
    public byte[] verifiedMd5() {
        return md5Value == null ? null : md5Value.clone();
    }

    /**
     * The multihash that matched the expected one, once the whole image was read and checked.
     *
     * @return the digest, or {@code null} if none was expected or the check has not passed
     */
    public byte[] verifiedMultihash() {
        return multihashValue == null ? null : multihashValue.clone();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        long remaining = length - delivered;
        if (remaining <= 0) {
            atEnd();
            return -1;
        }
        if (digests != null) {
            digests.reserve();
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw endedEarly();
        }
        delivered += n;
        if (digests != null) {
            digests.update(b, off, n);
        }
        listener.onProgress(delivered, length);
        if (delivered == length) {
            atEnd();
        }
        return n;
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        if (digests != null) {
            return transferHashed(out);
        }
        if (listener != ProgressListener.NONE || delivered != 0) {
            return transferCounted(out);
        }
        // Nothing needs to see the bytes: let the driver use its fastest path (e.g. sendfile).
        long n = in.transferTo(out);
        delivered += n;
        if (delivered != length) {
            throw fail(new BackendException(description + ": the backend delivered " + delivered
                    + " bytes but " + length + " were expected"));
        }
        return n;
    }

    /**
     * Reads straight into the digests' chunks and writes each out while the digests hash it:
     * no buffer of its own and no copy.
     */
    private long transferHashed(OutputStream out) throws IOException {
        long moved = 0;
        while (length - delivered > 0) {
            Chunk chunk = digests.emptyChunk();
            int n;
            try {
                n = readChunk(chunk);
            } catch (IOException | RuntimeException e) {
                chunk.unref();
                throw e;
            }
            chunk.refs.incrementAndGet(); // ours, while the bytes are written out
            digests.publish(chunk, delivered == length);
            try {
                out.write(chunk.data, 0, n);
                moved += n;
                listener.onProgress(delivered, length);
            } finally {
                chunk.unref();
            }
        }
        atEnd();
        return moved;
    }

    /** Fills a chunk from the driver's stream as far as the range allows; counts the bytes. */
    private int readChunk(Chunk chunk) throws IOException {
        int want = (int) Math.min(chunk.data.length, length - delivered);
        int n = in.read(chunk.data, 0, want);
        if (n < 0) {
            throw endedEarly();
        }
        chunk.length = n;
        delivered += n;
        return n;
    }

    /** Copies through one pooled chunk, counting and reporting progress. */
    private long transferCounted(OutputStream out) throws IOException {
        BufferLease lease = BufferPool.shared().lease(1, description);
        try {
            Chunk chunk = lease.acquire();
            try {
                long moved = 0;
                int n;
                while ((n = read(chunk.data, 0, chunk.data.length)) >= 0) {
                    out.write(chunk.data, 0, n);
                    moved += n;
                }
                return moved;
            } finally {
                chunk.unref();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(description + ": interrupted while waiting for a transfer buffer");
        } finally {
            lease.close();
        }
    }

    @Override
    public long skip(long n) throws IOException {
        if (digests != null || listener != ProgressListener.NONE) {
            return super.skip(n); // through read(), so the skipped bytes are hashed and counted
        }
        long skipped = in.skip(Math.min(Math.max(n, 0), length - delivered));
        delivered += Math.max(0, skipped);
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), length - delivered);
    }

    @Override
    public void close() throws IOException {
        if (digests != null && !checked) {
            digests.close();
        }
        in.close();
    }

    private void atEnd() {
        if (checked) {
            return;
        }
        checked = true;
        if (digests != null) {
            digests.finish();
        }
        HexFormat hex = HexFormat.of();
        if (md5 != null) {
            byte[] value = md5.digest();
            String actual = hex.formatHex(value);
            if (!actual.equalsIgnoreCase(expectedMd5)) {
                throw fail(new ChecksumMismatchException(description + ": md5 is " + actual + ", expected "
                        + expectedMd5));
            }
            md5Value = value;
        }
        if (multihash != null) {
            byte[] value = multihash.digest();
            String actual = hex.formatHex(value);
            if (!actual.equalsIgnoreCase(expectedMultihash)) {
                throw fail(new ChecksumMismatchException(description + ": " + algorithm + " multihash is " + actual
                        + ", expected " + expectedMultihash));
            }
            multihashValue = value;
        }
    }

    private GlanceStoreException endedEarly() {
        return fail(new BackendException(description + ": the backend ended the data after "
                + delivered + " of " + length + " bytes"));
    }

    private GlanceStoreException fail(GlanceStoreException e) {
        if (onFailure != null) {
            onFailure.accept(e);
        }
        return e;
    }
}
