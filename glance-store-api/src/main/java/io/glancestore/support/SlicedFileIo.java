package io.glancestore.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positional file reads and writes through heap arrays, in slices of at most {@value #SLICE}
 * bytes per system call. The JDK moves a heap buffer to or from a file through a temporary direct
 * buffer as large as the buffer, and keeps that direct buffer for the calling thread for as long
 * as the thread lives: one read with an 8 MiB array would cost its thread 8 MiB outside the heap,
 * and a service's 64 threads half a GiB, until {@code -XX:MaxDirectMemorySize} is exceeded. In
 * slices, every thread keeps at most one slice, and the copy costs the same. Shared by the file
 * store and the cache.
 */
public final class SlicedFileIo {

    /** Bytes per system call. */
    public static final int SLICE = 64 * 1024;

    private SlicedFileIo() {
    }

    /**
     * Reads up to {@code len} bytes at {@code position}, slice after slice, stopping early only
     * at the end of the file.
     *
     * @param channel the file
     * @param b the array
     * @param off where in the array
     * @param len the most bytes to read
     * @param position where in the file
     * @return the bytes read, or -1 if the file ends at {@code position} (and {@code len > 0})
     * @throws IOException if a read fails
     */
    public static int read(FileChannel channel, byte[] b, int off, int len, long position) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(b, off, len);
        int total = 0;
        while (total < len) {
            int slice = Math.min(len - total, SLICE);
            target.limit(off + total + slice);
            int n = channel.read(target, position + total);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (n < slice) {
                break; // a short read: the end of the file, or of what is written so far
            }
        }
        return total;
    }

    /**
     * Writes every remaining byte of a heap buffer at {@code position}, slice after slice.
     *
     * @param channel the file
     * @param buffer the bytes, from its position to its limit; consumed
     * @param position where in the file
     * @throws IOException if a write fails
     */
    public static void write(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long p = position;
        int end = buffer.limit();
        try {
            while (buffer.position() < end) {
                buffer.limit(Math.min(end, buffer.position() + SLICE));
                p += channel.write(buffer, p);
            }
        } finally {
            buffer.limit(end);
        }
    }
}
