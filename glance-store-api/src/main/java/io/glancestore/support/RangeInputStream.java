package io.glancestore.support;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Exactly one range, {@code length} bytes from {@code offset}, of a source that reads at any
 * position (a file, generated data): the stream keeps its own position, and a subclass only
 * reads the bytes at one ({@link #readAt}). What every such stream does the same way is written
 * here:
 * <ul>
 *   <li>{@code read(b, off, 0)} returns 0, as {@link java.io.InputStream} requires, and a read of
 *       at least one byte at the end of the range returns -1;</li>
 *   <li>a source that ends before the range does is met by {@link #endedEarly()}: by default the
 *       stream ends there (-1), and the layer above reports the short data; a subclass may
 *       throw its typed error instead;</li>
 *   <li>{@link #skip} never leaves the range, {@link #available()} is what the range has left,
 *       and {@link #transferTo} copies in reads of the buffer size the subclass chose.</li>
 * </ul>
 * Not thread-safe, as input streams are not.
 */
public abstract class RangeInputStream extends BulkInputStream {

    private final long start;
    private final long end;
    private final int transferBuffer;
    private long position;

    /**
     * A range.
     *
     * @param offset the first byte, at least 0 (the caller has checked the range)
     * @param length how many bytes the range holds, at least 0
     * @param transferBuffer the bytes per read of {@link #transferTo} (at least one is used)
     */
    protected RangeInputStream(long offset, long length, int transferBuffer) {
        this.start = offset;
        this.position = offset;
        this.end = offset + length;
        this.transferBuffer = transferBuffer;
    }

    /**
     * Reads bytes of the source at a position inside the range.
     *
     * @param at where to read, at least {@link #start()} and before {@link #end()}
     * @param b where the bytes go
     * @param off the first index of {@code b} to fill
     * @param len how many bytes are wanted, at least 1 and no more than the range has left
     * @return how many bytes were read, at least 1; or -1 if the source ends at {@code at}
     * @throws IOException if reading fails
     */
    protected abstract int readAt(long at, byte[] b, int off, int len) throws IOException;

    /**
     * What a read returns when the source ends before the range does.
     *
     * @return -1 here: the stream ends short, for the layer above to report
     * @throws IOException a subclass's typed error instead
     */
    protected int endedEarly() throws IOException {
        return -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int n = readAt(position, b, off, (int) Math.min(len, end - position));
        if (n < 0) {
            return endedEarly();
        }
        position += n;
        return n;
    }

    /**
     * Skips bytes of the range without reading them.
     *
     * @param n how many bytes to skip
     * @return how many were skipped: at most what the range has left, 0 if {@code n} is not positive
     */
    @Override
    public long skip(long n) {
        if (n <= 0) {
            return 0;
        }
        long skipped = Math.min(n, end - position);
        position += skipped;
        return skipped;
    }

    /**
     * What the range has left, capped at {@link Integer#MAX_VALUE}.
     *
     * @return the bytes left
     */
    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    /**
     * Copies the rest of the range in reads of the subclass's transfer buffer.
     *
     * @param out where the bytes go
     * @return the bytes copied
     * @throws IOException if reading or writing fails
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        return transferInReadsOf(out, Math.min(transferBuffer, end - position));
    }

    /**
     * The first byte of the range.
     *
     * @return the offset the stream was opened at
     */
    protected final long start() {
        return start;
    }

    /**
     * The end of the range.
     *
     * @return the position after its last byte
     */
    protected final long end() {
        return end;
    }

    /**
     * The position of the next byte.
     *
     * @return the position, from {@link #start()} to {@link #end()}
     */
    protected final long position() {
        return position;
    }

    /**
     * What the range has left.
     *
     * @return the bytes from the position to the end
     */
    protected final long remaining() {
        return end - position;
    }

    /**
     * Moves the position past bytes a subclass delivered itself (e.g. handed to the kernel).
     *
     * @param n how many bytes, at most {@link #remaining()}
     */
    protected final void advance(long n) {
        if (n < 0 || n > end - position) {
            throw new IllegalArgumentException("cannot advance " + n + " bytes with " + (end - position) + " left");
        }
        position += n;
    }
}
