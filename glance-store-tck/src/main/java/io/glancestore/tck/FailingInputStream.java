package io.glancestore.tck;

import io.glancestore.support.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A source that delivers the first bytes of another stream and then fails, like a network
 * upload cut off midway: the way to check that an add whose source breaks stores nothing.
 */
public final class FailingInputStream extends BulkInputStream {

    private final InputStream source;
    private final long failAfter;
    private final Supplier<? extends Throwable> failure;
    private long delivered;
    private Throwable thrown;

    private FailingInputStream(InputStream source, long failAfter, Supplier<? extends Throwable> failure) {
        if (failAfter < 0) {
            throw new IllegalArgumentException("failAfter must not be negative: " + failAfter);
        }
        this.source = Objects.requireNonNull(source, "source");
        this.failAfter = failAfter;
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /**
     * Delivers {@code bytes} bytes of {@code source}, then throws an {@link IOException} on every
     * further read. If the source ends first, it ends normally.
     *
     * @param source the bytes to deliver
     * @param bytes how many bytes to deliver before failing
     * @return the stream
     */
    public static FailingInputStream after(InputStream source, long bytes) {
        return after(source, bytes, () -> new IOException("simulated source failure after " + bytes + " bytes"));
    }

    /**
     * Delivers {@code bytes} bytes of {@code source}, then throws what {@code failure} supplies:
     * an {@link IOException}, {@link RuntimeException} or {@link Error} as it is, any other
     * checked exception wrapped in an {@link IOException}.
     *
     * @param source the bytes to deliver
     * @param bytes how many bytes to deliver before failing
     * @param failure makes the exception to throw, once per failing read
     * @return the stream
     */
    public static FailingInputStream after(InputStream source, long bytes, Supplier<? extends Throwable> failure) {
        return new FailingInputStream(source, bytes, failure);
    }

    /**
     * Bytes delivered so far.
     *
     * @return the count
     */
    public long bytesDelivered() {
        return delivered;
    }

    /**
     * The exception the first failing read threw, or {@code null} if none has failed yet; lets a
     * test check that the store kept it as the cause.
     *
     * @return the exception or {@code null}
     */
    public Throwable thrown() {
        return thrown;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (delivered >= failAfter) {
            throw fail();
        }
        int n = source.read(b, off, (int) Math.min(len, failAfter - delivered));
        if (n > 0) {
            delivered += n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private IOException fail() {
        Throwable t = failure.get();
        if (thrown == null) {
            thrown = t;
        }
        if (t instanceof IOException) {
            return (IOException) t;
        }
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new IOException(t);
    }
}
