package io.glancestore.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One buffer of the shared {@link BufferPool}, lent to one operation at a time through its
 * {@link BufferLease}. Small enough ({@value BufferPool#CHUNK_SIZE} bytes) never to be a humongous
 * object for the G1 collector, so a pool of them does not fragment a small heap.
 */
final class Chunk {

    final byte[] data = new byte[BufferPool.CHUNK_SIZE];
    /** Users that still read the chunk; it goes back to its lease when this falls to zero. */
    final AtomicInteger refs = new AtomicInteger();
    /** Bytes of {@link #data} in use. */
    int length;
    /** The lease it is lent to, or {@code null} while in the pool. */
    BufferLease lease;

    /** Drops one user; the last one gives the chunk back to its lease. */
    void unref() {
        if (refs.decrementAndGet() == 0) {
            lease.release(this);
        }
    }
}
