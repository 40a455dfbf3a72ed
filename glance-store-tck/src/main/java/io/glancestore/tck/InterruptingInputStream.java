package io.glancestore.tck;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A source that interrupts the thread reading it, once, after some bytes, then goes on
 * delivering: the way to check that an interrupted add either completes intact or stores
 * nothing, keeps the interrupt, and gives back what it borrowed.
 */
public final class InterruptingInputStream extends FilterInputStream {

    private final long interruptAfter;
    private long delivered;
    private volatile Thread interrupted;

    private InterruptingInputStream(InputStream in, long interruptAfter) {
        super(in);
        this.interruptAfter = interruptAfter;
    }

    /**
     * Delivers all of {@code source}, interrupting the reading thread once {@code bytes} bytes
     * were delivered.
     *
     * @param source the bytes
     * @param bytes how many bytes to deliver before the interrupt
     * @return the stream
     */
    public static InterruptingInputStream after(InputStream source, long bytes) {
        return new InterruptingInputStream(source, bytes);
    }

    /**
     * The thread that was interrupted, if any yet.
     *
     * @return the thread, or {@code null}
     */
    public Thread interruptedThread() {
        return interrupted;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            delivered += n;
        }
        if (interrupted == null && delivered >= interruptAfter) {
            interrupted = Thread.currentThread();
            interrupted.interrupt();
        }
        return n;
    }
}
