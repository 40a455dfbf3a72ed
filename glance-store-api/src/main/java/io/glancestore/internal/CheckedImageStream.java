package io.glancestore.internal;

import io.glancestore.ProgressListener;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.ChecksumMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Wraps a driver's read stream: counts bytes so a stream that ends early is an error rather
 * than a silently short image, never delivers more than asked, reports progress, and checks
 * the whole image against expected hashes when the caller gave them. The hashes run on pipeline
 * threads ({@link ParallelDigests}), so a verified read is not slowed by their sum. Memory: none
 * of its own for a plain read; a verified read borrows its chunks from the shared
 * {@link BufferPool} (at most {@value ParallelDigests#MAX_CHUNKS}), and only once bytes flow.
 */
final class CheckedImageStream extends InputStream {

    private final InputStream in;
    private final long length;
    private final ProgressListener listener;
    private final String description;
    private final MessageDigest md5;
    private final String expectedMd5;
    private final MessageDigest multihash;
    private final String expectedMultihash;
    private final ParallelDigests digests;
    private long delivered;
    private boolean checked;

    CheckedImageStream(InputStream in, long length, ProgressListener listener, String description,
            MessageDigest md5, String expectedMd5, MessageDigest multihash, String expectedMultihash) {
        this.in = in;
        this.length = length;
        this.listener = listener;
        this.description = description;
        this.md5 = md5;
        this.expectedMd5 = expectedMd5;
        this.multihash = multihash;
        this.expectedMultihash = expectedMultihash;
        this.digests = md5 == null && multihash == null ? null : new ParallelDigests(md5, multihash);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
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
            throw new BackendException(description + ": the backend ended the data after "
                    + delivered + " of " + length + " bytes");
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
            throw new BackendException(description + ": the backend delivered " + delivered
                    + " bytes but " + length + " were expected");
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
            throw new BackendException(description + ": the backend ended the data after "
                    + delivered + " of " + length + " bytes");
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
        if (md5 != null || multihash != null) {
            return super.skip(n);
        }
        long skipped = in.skip(Math.min(n, length - delivered));
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
            String actual = hex.formatHex(md5.digest());
            if (!actual.equalsIgnoreCase(expectedMd5)) {
                throw new ChecksumMismatchException(description + ": md5 is " + actual + ", expected " + expectedMd5);
            }
        }
        if (multihash != null) {
            String actual = hex.formatHex(multihash.digest());
            if (!actual.equalsIgnoreCase(expectedMultihash)) {
                throw new ChecksumMismatchException(description + ": multihash is " + actual
                        + ", expected " + expectedMultihash);
            }
        }
    }
}
