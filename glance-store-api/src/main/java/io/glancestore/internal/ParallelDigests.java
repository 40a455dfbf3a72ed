package io.glancestore.internal;

import io.glancestore.exception.BackendException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Feeds the same bytes to several digests (md5 and a multihash, say) that run at the same time
 * on the pipeline threads, off the caller's thread: the caller pays a memory copy per byte, and
 * a verified read runs at the speed of the slowest digest rather than of their sum. Memory is
 * bounded ({@value #CHUNK_COUNT} buffers of {@value #CHUNK_SIZE} bytes); when the digests fall
 * behind, {@link #update} waits for them.
 *
 * <p>One producer thread at a time. After {@link #finish()} the digests hold every byte given
 * and can be read on the caller's thread; {@link #close()} abandons an unfinished run. Shared by
 * the API layer and the cache; not part of the public API.
 */
public final class ParallelDigests implements AutoCloseable {

    static final int CHUNK_SIZE = 256 * 1024;
    static final int CHUNK_COUNT = 4;

    private final ChunkFanOut fanOut;
    private ChunkFanOut.Chunk current;
    private boolean done;

    /**
     * Starts a run over the given digests.
     *
     * @param digests the digests; {@code null} entries are skipped
     */
    public ParallelDigests(MessageDigest... digests) {
        List<MessageDigest> list = new ArrayList<>();
        for (MessageDigest d : digests) {
            if (d != null) {
                list.add(d);
            }
        }
        fanOut = new ChunkFanOut(CHUNK_SIZE, CHUNK_COUNT);
        for (MessageDigest d : list) {
            fanOut.addStage(d.getAlgorithm(), d::update);
        }
    }

    /**
     * Gives bytes to every digest. The bytes are copied, so the caller may reuse its buffer at
     * once.
     *
     * @param b buffer
     * @param off start
     * @param len count
     * @throws IllegalStateException after {@link #finish()} or {@link #close()}
     * @throws BackendException if the thread is interrupted while the digests catch up
     */
    public void update(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (done) {
            throw new IllegalStateException("digests already finished");
        }
        while (len > 0) {
            if (current == null) {
                try {
                    current = fanOut.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BackendException("interrupted while hashing image data", e);
                }
            }
            int n = Math.min(len, current.data.length - current.length);
            System.arraycopy(b, off, current.data, current.length, n);
            current.length += n;
            off += n;
            len -= n;
            if (current.length == current.data.length) {
                fanOut.publish(current);
                current = null;
            }
        }
    }

    /**
     * Waits until every digest has seen every byte given; then the digests may be read.
     * Idempotent.
     */
    public void finish() {
        if (done) {
            return;
        }
        done = true;
        if (current != null) {
            if (current.length > 0) {
                fanOut.publish(current);
            } else {
                fanOut.release(current);
            }
            current = null;
        }
        if (fanOut.awaitIdle()) {
            Thread.currentThread().interrupt();
        }
        Throwable t = fanOut.failure();
        if (t != null) {
            throw new BackendException("hashing image data failed", t);
        }
    }

    /** Abandons an unfinished run: the digests skip what is still queued. Idempotent. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        fanOut.fail(new IllegalStateException("abandoned"));
        if (current != null) {
            fanOut.release(current);
            current = null;
        }
    }
}
