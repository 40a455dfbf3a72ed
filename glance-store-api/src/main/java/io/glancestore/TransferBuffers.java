package io.glancestore;

import io.glancestore.internal.BufferPool;
import java.time.Duration;
import java.util.Objects;

/**
 * The memory that adds and verified gets move image data through, shared by every store of this
 * JVM: a fixed budget of 256 KiB chunks, allocated on first use and reused. An add holds at most
 * four chunks (1 MiB) while it runs, a verified get at most four while it is open, a plain get
 * none. When the budget is spent, a new transfer waits for a chunk to come back (interruptibly,
 * at most {@link #maxWait()}, then {@link io.glancestore.exception.BufferWaitTimeoutException})
 * instead of allocating more, so many transfers at once slow each other down rather than run the
 * heap out of memory.
 *
 * <p>The budget is set with the system property {@code glancestore.transferBuffers} (a size such
 * as {@code 64m}; default a quarter of the maximum heap, between 4 and 256 MiB) and the longest
 * wait with {@code glancestore.transferBuffers.maxWait} (seconds, default 120), or at run time
 * here. The figures below are for metrics and tests: {@link #leasedBytes()} is back to zero
 * whenever no transfer is in flight.
 */
public final class TransferBuffers {

    private static final TransferBuffers SHARED = new TransferBuffers(BufferPool.shared());

    private final BufferPool pool;

    private TransferBuffers(BufferPool pool) {
        this.pool = pool;
    }

    /**
     * The buffers of this JVM.
     *
     * @return the shared instance
     */
    public static TransferBuffers shared() {
        return SHARED;
    }

    /**
     * The size of one chunk.
     *
     * @return bytes
     */
    public int chunkBytes() {
        return BufferPool.CHUNK_SIZE;
    }

    /**
     * The budget.
     *
     * @return bytes
     */
    public long capacityBytes() {
        return pool.capacityBytes();
    }

    /**
     * The memory lent to transfers in flight now.
     *
     * @return bytes
     */
    public long leasedBytes() {
        return pool.leasedBytes();
    }

    /**
     * The most memory lent at once since the start or the last {@link #resetPeak()}.
     *
     * @return bytes
     */
    public long peakLeasedBytes() {
        return pool.peakLeasedBytes();
    }

    /** Starts a new peak from what is lent now. */
    public void resetPeak() {
        pool.resetPeak();
    }

    /**
     * The memory of the chunks allocated so far, lent or idle; at most the budget, but for the
     * first chunk of a transfer nested in another on the same thread (a copy reading a verified
     * get inside an add), which never waits and so may briefly go beyond it.
     *
     * @return bytes
     */
    public long allocatedBytes() {
        return pool.allocatedBytes();
    }

    /**
     * The transfers waiting for their first chunk now.
     *
     * @return the count
     */
    public int waitingTransfers() {
        return pool.waitingOperations();
    }

    /**
     * The longest a transfer waits for its first chunk.
     *
     * @return the wait
     */
    public Duration maxWait() {
        return pool.maxWait();
    }

    /**
     * Changes the budget. A larger one serves waiting transfers at once; a smaller one takes
     * effect as chunks come back.
     *
     * @param bytes the budget, at least one chunk
     * @throws IllegalArgumentException if smaller than one chunk
     */
    public void setCapacityBytes(long bytes) {
        pool.setCapacity(bytes);
    }

    /**
     * Changes the longest wait for a first chunk.
     *
     * @param wait a positive duration
     * @throws IllegalArgumentException if not positive
     */
    public void setMaxWait(Duration wait) {
        pool.setMaxWait(Objects.requireNonNull(wait, "wait"));
    }

    @Override
    public String toString() {
        return "TransferBuffers{capacity=" + (capacityBytes() >> 10) + " KiB, leased=" + (leasedBytes() >> 10)
                + " KiB, waiting=" + waitingTransfers() + "}";
    }
}
