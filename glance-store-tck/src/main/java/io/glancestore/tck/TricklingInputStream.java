package io.glancestore.tck;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Delivers another stream's bytes a few at a time, in irregular short reads, as a slow socket
 * does. A store must not assume that a read fills the buffer it was given.
 */
public final class TricklingInputStream extends InputStream {

    private final InputStream source;
    private final int maxBytesPerRead;
    private final SplittableRandom random;

    /**
     * Wraps a stream.
     *
     * @param source the bytes
     * @param maxBytesPerRead the most bytes one read returns (each returns 1 to this many)
     * @param seed makes the sequence of read sizes reproducible
     */
    public TricklingInputStream(InputStream source, int maxBytesPerRead, long seed) {
        if (maxBytesPerRead < 1) {
            throw new IllegalArgumentException("maxBytesPerRead must be at least 1: " + maxBytesPerRead);
        }
        this.source = Objects.requireNonNull(source, "source");
        this.maxBytesPerRead = maxBytesPerRead;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() throws IOException {
        return source.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        return source.read(b, off, Math.min(len, 1 + random.nextInt(maxBytesPerRead)));
    }

    @Override
    public int available() {
        // Claiming nothing is buffered keeps callers from sizing reads on it.
        return 0;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
