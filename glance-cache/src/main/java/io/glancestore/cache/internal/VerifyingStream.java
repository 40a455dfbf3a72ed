package io.glancestore.cache.internal;

import io.glancestore.ImageData;
import io.glancestore.ProgressListener;
import io.glancestore.ReadOptions;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.GlanceStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Delivers exactly {@code length} bytes, reports progress, and when the caller gave expected
 * hashes checks them as the API layer does: the read that completes the image throws
 * {@link ChecksumMismatchException} instead of returning. A stream that ends early is an error,
 * never a silently short image. The cache puts this in front of streams it serves from its
 * folder and of store streams it opened without the caller's options, so callers see the same
 * behaviour with and without the cache.
 */
final class VerifyingStream extends InputStream {

    private static final int TRANSFER_BUFFER = 256 * 1024;

    private final InputStream in;
    private final long length;
    private final ProgressListener listener;
    private final ExpectedHashes hashes;
    private final String description;
    private final Consumer<GlanceStoreException> onFailure;
    private long delivered;
    private boolean checked;

    /**
     * Wraps a stream.
     *
     * @param in the bytes
     * @param length how many bytes {@code in} must deliver
     * @param listener progress listener
     * @param expected the caller's options, whose expected hashes are checked
     * @param description names the read in messages
     * @param onFailure told about a mismatch or a short stream before it is thrown, or {@code null}
     */
    VerifyingStream(InputStream in, long length, ProgressListener listener, ReadOptions expected, String description,
            Consumer<GlanceStoreException> onFailure) {
        this.in = Objects.requireNonNull(in, "in");
        this.length = length;
        this.listener = listener;
        this.hashes = ExpectedHashes.of(expected);
        this.description = description;
        this.onFailure = onFailure;
    }

    /** A store stream opened with default options, given the caller's listener and hash checks. */
    static ImageData asCallerWouldGet(ImageData data, ReadOptions options, String what) {
        if (!needed(options.progressListener(), options)) {
            return data;
        }
        return ImageData.of(new VerifyingStream(data, data.length(), options.progressListener(), options, what, null),
                data.offset(), data.length(), data.imageSize());
    }

    /** Whether this wrapper does anything a plain stream would not. */
    static boolean needed(ProgressListener listener, ReadOptions expected) {
        return listener != ProgressListener.NONE || (expected != null && expected.verifies());
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        long remaining = length - delivered;
        if (remaining <= 0) {
            atEnd();
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw fail(new BackendException(description + ": the data ended after " + delivered + " of "
                    + length + " bytes"));
        }
        delivered += n;
        if (hashes != null) {
            hashes.update(b, off, n);
        }
        listener.onProgress(delivered, length);
        if (delivered == length) {
            atEnd();
        }
        return n;
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        if (hashes == null && listener == ProgressListener.NONE && delivered == 0) {
            long n = in.transferTo(out);
            delivered += n;
            if (delivered != length) {
                throw fail(new BackendException(description + ": delivered " + delivered + " bytes but "
                        + length + " were expected"));
            }
            return n;
        }
        byte[] buf = new byte[(int) Math.max(1, Math.min(TRANSFER_BUFFER, length - delivered))];
        long total = 0;
        for (int n; (n = read(buf, 0, buf.length)) >= 0; ) {
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    @Override
    public long skip(long n) throws IOException {
        if (hashes != null || listener != ProgressListener.NONE) {
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
        if (hashes != null) {
            hashes.abandon();
        }
        in.close();
    }

    private void atEnd() {
        if (checked) {
            return;
        }
        checked = true;
        if (hashes != null) {
            ChecksumMismatchException e = hashes.check(description);
            if (e != null) {
                throw fail(e);
            }
        }
    }

    private GlanceStoreException fail(GlanceStoreException e) {
        if (onFailure != null) {
            onFailure.accept(e);
        }
        return e;
    }
}
