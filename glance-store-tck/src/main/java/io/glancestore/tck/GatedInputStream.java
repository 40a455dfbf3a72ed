package io.glancestore.tck;

import io.glancestore.support.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Delivers the first bytes of another stream, then blocks until a test opens the gate: holds an
 * add in the middle of its data, so a test can look at the store while the add is under way.
 */
public final class GatedInputStream extends BulkInputStream {

    private final InputStream source;
    private final long pauseAfter;
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch opened = new CountDownLatch(1);
    private long delivered;

    /**
     * Wraps a stream.
     *
     * @param source the bytes
     * @param pauseAfterBytes how many bytes to deliver before blocking
     */
    public GatedInputStream(InputStream source, long pauseAfterBytes) {
        if (pauseAfterBytes < 0) {
            throw new IllegalArgumentException("pauseAfterBytes must not be negative: " + pauseAfterBytes);
        }
        this.source = Objects.requireNonNull(source, "source");
        this.pauseAfter = pauseAfterBytes;
    }

    /**
     * Waits until the reader has consumed the bytes before the gate and is blocked at it.
     *
     * @param timeout how long to wait
     * @param unit the unit of {@code timeout}
     * @return true if the reader reached the gate in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitPaused(long timeout, TimeUnit unit) throws InterruptedException {
        return paused.await(timeout, unit);
    }

    /** Lets the reader go on to the end of the source; idempotent. */
    public void open() {
        opened.countDown();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        long allowed = len;
        if (delivered >= pauseAfter) {
            paused.countDown();
            try {
                opened.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while held at the gate");
            }
        } else {
            allowed = Math.min(len, pauseAfter - delivered);
        }
        int n = source.read(b, off, (int) allowed);
        if (n > 0) {
            delivered += n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        open();
        source.close();
    }
}
