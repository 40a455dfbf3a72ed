package io.glancestore.s3.internal;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.BufferWaitTimeoutException;
import io.glancestore.support.BudgetLease;
import io.glancestore.support.BufferPool;
import io.glancestore.support.TransferBudget;
import java.io.InterruptedIOException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The memory that the s3 store's adds collect images in before they send them (a whole small
 * image for its single PUT, each part of a multipart upload, kept until S3 has acknowledged it so
 * a part can be sent again): a budget of chunks of the SDK's transfer buffer size
 * ({@value BufferPool#CHUNK_SIZE} bytes, never humongous for G1), allocated on first use and
 * reused by every s3 add of this JVM. System property {@value #PROPERTY} (a size such as
 * {@code 64m}; default a quarter of the maximum heap, between 16 and 256 MiB).
 *
 * <p>An add borrows whole parts through a {@link Lease}, by the rule of the SDK's transfer
 * buffers ({@link TransferBudget}), counted in chunks: it waits (bounded by the SDK's longest wait,
 * then {@link BufferWaitTimeoutException}) only for its first part, all of its chunks at once;
 * further parts it takes only if they are free at once and no add waits for its first, otherwise
 * it reuses its own as their uploads end. So an add never holds part of a part while it waits,
 * whoever holds parts is sending them, and any number of adds at once cannot deadlock. This is a
 * budget of its own, beside the SDK's, because a part must be whole before it is sent: adds
 * waiting for a whole part while holding the SDK's chunks (which the API layer lends them first)
 * could otherwise hold each other up.
 */
final class PartBuffers {

    /** Bytes per chunk. */
    static final int CHUNK = BufferPool.CHUNK_SIZE;
    /** The system property of the budget. */
    static final String PROPERTY = "glancestore.s3.partBuffers";
    private static final long MIN_DEFAULT = 16L << 20;
    private static final long MAX_DEFAULT = 256L << 20;

    private static final PartBuffers SHARED = new PartBuffers(capacityFromProperty());

    private final TransferBudget budget;
    private final ConcurrentLinkedDeque<byte[]> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger lent = new AtomicInteger();
    private final AtomicInteger allocated = new AtomicInteger();
    private final AtomicInteger peakLent = new AtomicInteger();

    PartBuffers(int chunks) {
        this.budget = new TransferBudget("s3 part buffer", PROPERTY, CHUNK, chunks, () -> BufferPool.shared().maxWait());
    }

    static PartBuffers shared() {
        return SHARED;
    }

    private static int capacityFromProperty() {
        return TransferBudget.capacityFromProperty(PROPERTY,
                Math.max(MIN_DEFAULT, Math.min(MAX_DEFAULT, Runtime.getRuntime().maxMemory() / 4)), CHUNK,
                Integer.MAX_VALUE / 2);
    }

    /** @return the budget in chunks */
    int capacityChunks() {
        return budget.capacity();
    }

    /** @return the bytes lent to adds now */
    long lentBytes() {
        return lent.get() * (long) CHUNK;
    }

    /** @return the most bytes lent at once since the start or {@link #resetPeak()} */
    long peakLentBytes() {
        return peakLent.get() * (long) CHUNK;
    }

    /** Starts a new peak from what is lent now. */
    void resetPeak() {
        peakLent.set(lent.get());
    }

    /** @return the bytes of chunks allocated so far, lent or idle */
    long allocatedBytes() {
        return allocated.get() * (long) CHUNK;
    }

    /**
     * A new lease, empty until its first {@link Lease#next()}.
     *
     * @param what the add, for messages
     * @param partBytes bytes per part
     * @param maxParts the most parts the add may hold at once, filling or in flight
     * @return the lease
     * @throws BadStoreConfigurationException if one part is larger than the whole budget
     */
    Lease lease(String what, long partBytes, int maxParts) {
        long chunks = (partBytes + CHUNK - 1) / CHUNK;
        if (chunks > budget.capacity()) {
            throw new BadStoreConfigurationException(what + ": a part of " + (partBytes >> 20) + " MiB does not fit"
                    + " the s3 part buffers of " + ((long) budget.capacity() * CHUNK >> 20) + " MiB: raise " + PROPERTY
                    + " or lower s3_store_large_object_chunk_size");
        }
        return new Lease(what, partBytes, (int) Math.max(1, chunks), Math.max(1, maxParts));
    }

    byte[] checkOut() {
        byte[] chunk = idle.pollFirst();
        if (chunk == null) {
            allocated.incrementAndGet();
            chunk = new byte[CHUNK];
        }
        return chunk;
    }

    private void giveBack(Part part) {
        for (byte[] chunk : part.takeChunks()) {
            idle.addFirst(chunk);
        }
        lent.addAndGet(-part.permits());
        for (int i = 0; i < part.permits(); i++) {
            budget.giveBack();
        }
    }

    /**
     * The parts of one add. The add's thread takes them; any thread (an upload's) may
     * {@link #release} one; {@link #close()} gives all back, those still in use as they are
     * released.
     */
    final class Lease extends BudgetLease<Part> {
        private final String what;
        private final long partBytes;
        private final int partChunks;

        private Lease(String what, long partBytes, int partChunks, int maxParts) {
            super(budget, what, maxParts);
            this.what = what;
            this.partBytes = partBytes;
            this.partChunks = partChunks;
        }

        /**
         * An empty part of the part size.
         *
         * @return the part
         * @throws InterruptedIOException if interrupted while waiting
         * @throws BufferWaitTimeoutException if the budget stayed spent too long
         */
        Part next() throws InterruptedIOException {
            return next(partBytes);
        }

        /**
         * An empty part of at most {@code bytes} (fewer than a part: the whole of a small
         * image, which then costs only the chunks it needs).
         *
         * @param bytes the most bytes it will hold, at most the part size
         * @return the part
         * @throws InterruptedIOException if interrupted while waiting
         * @throws BufferWaitTimeoutException if the budget stayed spent too long
         */
        Part next(long bytes) throws InterruptedIOException {
            long size = Math.max(0, Math.min(bytes, partBytes));
            int chunks = (int) Math.max(1, (size + CHUNK - 1) / CHUNK);
            try {
                Part part = take(chunks, () -> lent(size, chunks), partChunks, () -> lent(partBytes, partChunks));
                part.reset();
                return part;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(what + ": interrupted while waiting for s3 part buffers");
            }
        }

        private Part lent(long capacity, int chunks) {
            peakLent.accumulateAndGet(lent.addAndGet(chunks), Math::max);
            return new Part(PartBuffers.this, capacity, chunks);
        }

        @Override
        protected void giveBack(Part part) {
            PartBuffers.this.giveBack(part);
        }
    }
}
