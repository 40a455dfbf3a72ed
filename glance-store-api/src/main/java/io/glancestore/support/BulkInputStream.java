package io.glancestore.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An input stream whose reads all go through {@link #read(byte[], int, int)}: a single-byte
 * {@link #read()} is a one-byte array read, so a stream that counts, checks or resumes its bytes
 * does it in one place.
 */
public abstract class BulkInputStream extends InputStream {

    /** For subclasses. */
    protected BulkInputStream() {
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;

    /**
     * Copies the rest of the stream to {@code out} in reads of {@code bufferSize} bytes, for a
     * {@link #transferTo(OutputStream)} that wants larger reads than the JDK's 8 KiB, where each
     * read costs a system call or a request.
     *
     * @param out where the bytes go
     * @param bufferSize bytes per read (at least one is used)
     * @return the bytes copied
     * @throws IOException if reading or writing fails
     */
    protected final long transferInReadsOf(OutputStream out, long bufferSize) throws IOException {
        byte[] buffer = new byte[(int) Math.max(1, Math.min(bufferSize, Integer.MAX_VALUE - 8))];
        long total = 0;
        for (int n; (n = read(buffer, 0, buffer.length)) >= 0; ) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }
}
