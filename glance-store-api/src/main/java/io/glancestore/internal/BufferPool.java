package io.glancestore.internal;

import io.glancestore.exception.BadStoreConfigurationException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The buffers that every add and verified get of this JVM moves data through: a fixed budget of
 * {@value #CHUNK_SIZE}-byte chunks, allocated on first use and reused ever after, so the memory of
 * transfers does not grow with their number. An operation borrows chunks through a
 * {@link BufferLease}; when the budget is spent, a new operation waits (bounded, interruptible)
 * for one to come back rather than allocating, by the rule of {@link TransferBudget}, which
 * cannot deadlock.
 *
 * <p>The budget comes from the system property {@value #CAPACITY_PROPERTY} (a size such as
 * {@code 64m}; default a quarter of the maximum heap, between 4 and 256 MiB) and the longest wait
 * from {@value #WAIT_PROPERTY} (seconds, default {@value #DEFAULT_WAIT_SECONDS}); both can be
 * changed at run time through {@link io.glancestore.TransferBuffers}.
 */
public final class BufferPool {

    /** Bytes per chunk: large enough that a hand-off costs little per byte, small enough not to be humongous. */
    public static final int CHUNK_SIZE = 256 * 1024;
    /** The system property of the budget. */
    public static final String CAPACITY_PROPERTY = "glancestore.transferBuffers";
    /** The system property of the longest wait, in seconds. */
    public static final String WAIT_PROPERTY = "glancestore.transferBuffers.maxWait";
    static final long DEFAULT_WAIT_SECONDS = 120;
    private static final long MIN_DEFAULT = 4L << 20;
    private static final long MAX_DEFAULT = 256L << 20;

    private static final BufferPool SHARED = fromSystemProperties();

    private final TransferBudget budget;
    private final ConcurrentLinkedDeque<Chunk> free = new ConcurrentLinkedDeque<>();
    private final AtomicInteger allocated = new AtomicInteger();
    private final AtomicInteger leased = new AtomicInteger();
    private final AtomicInteger peakLeased = new AtomicInteger();
    private final RuntimeException configurationError;
    private volatile Duration maxWait;

    BufferPool(long capacityBytes, Duration maxWait) {
        this(capacityBytes, maxWait, null);
    }

    private BufferPool(long capacityBytes, Duration maxWait, RuntimeException configurationError) {
        this.budget = new TransferBudget("transfer buffer", CAPACITY_PROPERTY, CHUNK_SIZE, chunksFor(capacityBytes),
                this::maxWait);
        this.maxWait = maxWait;
        this.configurationError = configurationError;
    }

    /**
     * The pool of this JVM.
     *
     * @return the pool
     */
    public static BufferPool shared() {
        return SHARED;
    }

    private static BufferPool fromSystemProperties() {
        long defaultCapacity = Math.max(MIN_DEFAULT, Math.min(MAX_DEFAULT, Runtime.getRuntime().maxMemory() / 4));
        Duration defaultWait = Duration.ofSeconds(DEFAULT_WAIT_SECONDS);
        try {
            String capacity = System.getProperty(CAPACITY_PROPERTY);
            String wait = System.getProperty(WAIT_PROPERTY);
            return new BufferPool(capacity == null ? defaultCapacity : parseSize(CAPACITY_PROPERTY, capacity),
                    wait == null ? defaultWait : Duration.ofSeconds(parseLong(WAIT_PROPERTY, wait, 1)));
        } catch (BadStoreConfigurationException e) {
            return new BufferPool(defaultCapacity, defaultWait, e);
        }
    }

    /**
     * Parses a size such as {@code 64m}, {@code 512k}, {@code 1g} or plain bytes.
     *
     * @param name what the value is, for the error
     * @param text the value
     * @return bytes, at least one chunk
     * @throws BadStoreConfigurationException if it is not such a size
     */
    public static long parseSize(String name, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty() && "kmg".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = 1L << (10 * ("kmg".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        long value = parseLong(name, t, 1);
        if (value > Long.MAX_VALUE / unit) {
            throw new BadStoreConfigurationException(name + " is too large");
        }
        if (value * unit < CHUNK_SIZE) {
            throw new BadStoreConfigurationException(name + " must be at least one chunk (256k)");
        }
        return value * unit;
    }

    private static long parseLong(String name, String text, long min) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadStoreConfigurationException(name + " must be a whole number of at least " + min
                + " (a size may end in k, m or g)");
    }

    private static int chunksFor(long bytes) {
        if (bytes < CHUNK_SIZE) {
            throw new IllegalArgumentException("transfer buffers of " + bytes + " bytes hold no " + CHUNK_SIZE
                    + "-byte chunk");
        }
        return (int) Math.min(Integer.MAX_VALUE / 2, bytes / CHUNK_SIZE);
    }

    /**
     * A new lease, empty until its first {@link BufferLease#acquire()}.
     *
     * @param maxChunks the most chunks the operation may hold at once
     * @param what the operation, for the timeout's message
     * @return the lease
     * @throws BadStoreConfigurationException if the system properties were invalid
     */
    BufferLease lease(int maxChunks, String what) {
        if (configurationError != null) {
            throw configurationError;
        }
        return new BufferLease(this, maxChunks, what);
    }

    /** The count of chunks and the rule by which operations take them. */
    TransferBudget budget() {
        return budget;
    }

    /** One chunk for an operation that was granted it by the {@link #budget()}. */
    Chunk checkOut() {
        int now = leased.incrementAndGet();
        peakLeased.accumulateAndGet(now, Math::max);
        Chunk chunk = free.pollFirst();
        if (chunk == null) {
            allocated.incrementAndGet();
            chunk = new Chunk();
        }
        return chunk;
    }

    /** Takes a chunk back. */
    void giveBack(Chunk chunk) {
        chunk.lease = null;
        chunk.length = 0;
        leased.decrementAndGet();
        if (allocated.get() > budget.capacity()) {
            // The budget shrank: let this one go.
            allocated.decrementAndGet();
        } else {
            free.addFirst(chunk);
        }
        budget.giveBack();
    }

    /**
     * Changes the budget. Chunks lent beyond a smaller budget are let go as they come back.
     *
     * @param bytes the new budget, at least one chunk
     */
    public synchronized void setCapacity(long bytes) {
        budget.setCapacity(chunksFor(bytes));
        while (allocated.get() > budget.capacity() && free.pollFirst() != null) {
            allocated.decrementAndGet();
        }
    }

    /**
     * Changes the longest wait for a chunk.
     *
     * @param wait the wait, positive
     */
    public void setMaxWait(Duration wait) {
        if (wait.isNegative() || wait.isZero()) {
            throw new IllegalArgumentException("the longest wait must be positive: " + wait);
        }
        maxWait = wait;
    }

    /** @return the budget in bytes */
    public long capacityBytes() {
        return budget.capacity() * (long) CHUNK_SIZE;
    }

    /** @return the bytes lent to operations in flight now */
    public long leasedBytes() {
        return leased.get() * (long) CHUNK_SIZE;
    }

    /** @return the most bytes lent at once since the start or {@link #resetPeak()} */
    public long peakLeasedBytes() {
        return peakLeased.get() * (long) CHUNK_SIZE;
    }

    /** Starts a new peak from what is lent now. */
    public void resetPeak() {
        peakLeased.set(leased.get());
    }

    /** @return the bytes of chunks allocated, lent or idle */
    public long allocatedBytes() {
        return allocated.get() * (long) CHUNK_SIZE;
    }

    /** @return the operations waiting for their first chunk now */
    public int waitingOperations() {
        return budget.waiting();
    }

    /** @return the longest wait for a chunk */
    public Duration maxWait() {
        return maxWait;
    }
}
