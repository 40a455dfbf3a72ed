package io.glancestore.internal;

import io.glancestore.exception.BackendException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Feeds the same bytes to several digests (md5 and a multihash, say) that run at the same time
 * on the pipeline threads, off the caller's thread: the caller pays a memory copy per byte, and
 * a verified read runs at the speed of the slowest digest rather than of their sum. The bytes
 * travel in chunks of the shared {@link BufferPool}, at most {@value #MAX_CHUNKS} per run; when
 * the digests fall behind, {@link #update} waits for them. Data that fits in one chunk is hashed
 * by one task (one hand-off) instead of one per digest.
 *
 * <p>One producer thread at a time. After {@link #finish()} the digests hold every byte given
 * and can be read on the caller's thread; {@link #close()} abandons an unfinished run. Shared by
 * the API layer and the cache; not part of the public API.
 */
public final class ParallelDigests implements AutoCloseable {

    static final int CHUNK_SIZE = BufferPool.CHUNK_SIZE;
    /** Chunks one run holds at most. */
    static final int MAX_CHUNKS = 4;

    private final ChunkFanOut fanOut;
    private final BufferLease lease;
    private final ChunkFanOut.Stage[] each;
    private final ChunkFanOut.Stage all;
    private Chunk current;
    private boolean published;
    private boolean done;

    /**
     * Starts a run over the given digests. No buffer is taken until the first bytes arrive.
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
        lease = BufferPool.shared().lease(MAX_CHUNKS, "hashing image data");
        fanOut = new ChunkFanOut(lease);
        each = new ChunkFanOut.Stage[list.size()];
        for (int i = 0; i < each.length; i++) {
            each[i] = fanOut.stage(list.get(i).getAlgorithm(), list.get(i)::update);
        }
        all = fanOut.stage("all digests", (b, off, len) -> {
            for (MessageDigest d : list) {
                d.update(b, off, len);
            }
        });
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
     * @throws io.glancestore.exception.BufferWaitTimeoutException if no transfer buffer came free in time
     */
    public void update(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        checkOpen();
        while (len > 0) {
            if (current == null) {
                current = acquire();
            }
            int n = Math.min(len, current.data.length - current.length);
            System.arraycopy(b, off, current.data, current.length, n);
            current.length += n;
            off += n;
            len -= n;
            if (current.length == current.data.length) {
                Chunk full = current;
                current = null;
                publish(full, false);
            }
        }
    }

    /**
     * Takes the run's first chunk now if it has none, so that a caller about to read from a
     * driver that has buffers of its own (native ones, say) holds the SDK's first: every
     * transfer takes the two kinds in that order, so none can wait for one while holding what
     * another waits for.
     */
    void reserve() {
        checkOpen();
        if (current == null && lease.held() == 0) {
            current = acquire();
        }
    }

    /**
     * An empty chunk for the caller to fill and then hand over with {@link #publish}, sparing
     * the copy of {@link #update}. Bytes given to {@link #update} before are handed over first.
     */
    Chunk emptyChunk() {
        checkOpen();
        if (current != null) {
            Chunk partial = current;
            current = null;
            publish(partial, false);
        }
        return acquire();
    }

    /**
     * Hands a filled chunk from {@link #emptyChunk()} (or {@link #update}) to the digests and
     * drops the caller's reference; the caller may keep reading it only if it took a reference
     * of its own before.
     *
     * @param chunk the chunk
     * @param last whether no more bytes follow: data that is all in one chunk is hashed by one task
     */
    void publish(Chunk chunk, boolean last) {
        if (chunk.length > 0) {
            fanOut.publish(chunk, last && !published ? new ChunkFanOut.Stage[] {all} : each);
            published = true;
        }
        chunk.unref();
    }

    private Chunk acquire() {
        try {
            return fanOut.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while hashing image data", e);
        }
    }

    private void checkOpen() {
        if (done) {
            throw new IllegalStateException("digests already finished");
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
        try {
            if (current != null) {
                Chunk last = current;
                current = null;
                publish(last, true);
            }
            if (fanOut.awaitIdle()) {
                Thread.currentThread().interrupt();
            }
        } finally {
            lease.close();
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
            current.unref();
            current = null;
        }
        if (fanOut.awaitIdle()) {
            Thread.currentThread().interrupt();
        }
        lease.close();
    }
}
