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
 * threads ({@link ParallelDigests}), so a verified read is not slowed by their sum.
 */
final class CheckedImageStream extends InputStream {

    private static final int TRANSFER_BUFFER = 256 * 1024;

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
        if (digests != null || listener != ProgressListener.NONE || delivered != 0) {
            // InputStream's own loop moves 8 KiB at a time; larger reads cost fewer calls.
            byte[] buffer = new byte[TRANSFER_BUFFER];
            long moved = 0;
            int n;
            while ((n = read(buffer, 0, buffer.length)) >= 0) {
                out.write(buffer, 0, n);
                moved += n;
            }
            return moved;
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
