package io.glancestore.cache.internal;

import io.glancestore.support.BufferPool;
import io.glancestore.support.TransferBudget;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The direct buffers that every cache fill of this JVM queues pulled bytes in for its writer: a
 * budget of {@value #CHUNK}-byte chunks (system property {@value #PROPERTY}, a size such as
 * {@code 32m}; default an eighth of the maximum heap, between 4 and 64 MiB, since the JDK's
 * default limit of direct memory is the heap's size), allocated on first use and reused. Direct,
 * so the writer's file writes take them as they are (a heap array would be copied into a
 * temporary direct buffer by the JDK first: one more pass over every byte).
 *
 * <p>Fills take chunks by the rule of the SDK's transfer buffers ({@link TransferBudget}): a
 * fill's puller waits (bounded by the SDK's longest wait) only for the fill's first chunk; further
 * ones, up to {@link Fill#MAX_QUEUED} bytes, it takes only if free at once, else it waits for its
 * own writer to give one back. So a thousand misses at once hold at most the budget, and each
 * one goes on at the pace of its own writer.
 *
 * <p>A copier (a fill copying the store's local file) borrows one chunk outside the budget: it
 * runs on one of the cache's background threads, whose number is bounded, and must never wait
 * for a chunk that only a writer queued behind it could give back.
 */
final class FillBuffers {

    /** Bytes per chunk. */
    static final int CHUNK = 256 * 1024;
    /** The system property of the budget. */
    static final String PROPERTY = "glancestore.cache.fillBuffers";
    private static final long MIN_DEFAULT = 4L << 20;
    private static final long MAX_DEFAULT = 64L << 20;
    /** Idle chunks kept for copiers beyond the budget's, at most. */
    private static final int MAX_IDLE_EXTRA = 16;

    private static final FillBuffers SHARED = new FillBuffers(capacityFromProperty());

    private final TransferBudget budget;
    private final int capacity;
    private final ConcurrentLinkedDeque<ByteBuffer> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicInteger lent = new AtomicInteger();

    FillBuffers(int capacity) {
        this.capacity = capacity;
        this.budget = new TransferBudget("cache fill buffer", PROPERTY, CHUNK, capacity,
                () -> BufferPool.shared().maxWait());
    }

    static FillBuffers shared() {
        return SHARED;
    }

    private static int capacityFromProperty() {
        return TransferBudget.capacityFromProperty(PROPERTY,
                Math.max(MIN_DEFAULT, Math.min(MAX_DEFAULT, Runtime.getRuntime().maxMemory() / 8)), CHUNK,
                Integer.MAX_VALUE);
    }

    /** The budget the fills' chunks are counted in. */
    TransferBudget budget() {
        return budget;
    }

    /** A chunk, emptied; the caller holds a permit of the budget for it, or is a copier. */
    ByteBuffer checkOut() {
        lent.incrementAndGet();
        ByteBuffer b = idle.pollFirst();
        if (b == null) {
            return ByteBuffer.allocateDirect(CHUNK);
        }
        idleCount.decrementAndGet();
        return b.clear();
    }

    /** Takes a chunk back for reuse; the caller gives its permit back separately. */
    void checkIn(ByteBuffer b) {
        lent.decrementAndGet();
        if (idleCount.incrementAndGet() <= capacity + MAX_IDLE_EXTRA) {
            idle.offerFirst(b);
        } else {
            idleCount.decrementAndGet();
        }
    }

    /** A chunk lent to nobody any more but possibly still read by a writer: left to the collector. */
    void forget() {
        lent.decrementAndGet();
    }

    /** @return the chunks lent to fills and copiers now */
    int lentChunks() {
        return lent.get();
    }
}
