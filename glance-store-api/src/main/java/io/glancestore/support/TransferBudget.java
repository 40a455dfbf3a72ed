package io.glancestore.support;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.BufferWaitTimeoutException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of equal buffers shared by the transfers of this JVM, and the rule by which
 * transfers take them, so that any number of transfers at once cannot deadlock: a transfer waits
 * (bounded, interruptibly, in arrival order) only for its first buffer, and only while its thread
 * holds no buffer of another transfer of the same budget; further buffers it takes only if one is
 * free at once and nobody waits for a first, otherwise it reuses its own. So whoever holds
 * buffers is moving data and gives them back. A transfer nested in another on one thread (a copy
 * reads a get inside an add) takes its first buffer at once, over the budget if need be; the
 * overdraft, at most one buffer per nested transfer, is paid back by the next buffers given back.
 *
 * <p>This class counts buffers, it does not keep them: its users ({@link BufferPool} for the
 * heap chunks, the rbd driver for its native buffers) keep and reuse the buffers themselves.
 * Every buffer taken is given back with {@link #giveBack()}; a transfer that took a first buffer
 * ends its {@link Hold} once it holds none.
 */
public final class TransferBudget {

    private static final Logger LOG = LoggerFactory.getLogger(TransferBudget.class);

    private final String unit;
    private final String property;
    private final long unitBytes;
    private final Supplier<Duration> maxWait;
    private final Permits permits;
    private final AtomicInteger overdraft = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    /** Per thread: the transfers of this budget holding buffers whose first that thread took. */
    private final ThreadLocal<AtomicInteger> holding = ThreadLocal.withInitial(AtomicInteger::new);
    private volatile int capacity;

    /**
     * Creates a budget.
     *
     * @param unit what one buffer is, for messages ("transfer buffer")
     * @param property the system property that sizes the budget, for messages
     * @param unitBytes bytes per buffer, for messages
     * @param capacity buffers in the budget, at least one
     * @param maxWait the longest wait for a first buffer, asked at each wait
     */
    public TransferBudget(String unit, String property, long unitBytes, int capacity, Supplier<Duration> maxWait) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a budget needs at least one buffer");
        }
        this.unit = unit;
        this.property = property;
        this.unitBytes = unitBytes;
        this.maxWait = maxWait;
        this.capacity = capacity;
        this.permits = new Permits(capacity);
    }

    /**
     * A budget's capacity from its system property: the size it gives (as
     * {@link BufferPool#parseSize}), or the default when it is unset or invalid (logged, not
     * thrown: a JVM-wide budget is read once, by a class initialiser), in buffers.
     *
     * @param property the system property
     * @param defaultBytes the size without it
     * @param unitBytes bytes per buffer
     * @param maxBuffers the most buffers the budget may have
     * @return buffers, at least one
     */
    public static int capacityFromProperty(String property, long defaultBytes, int unitBytes, int maxBuffers) {
        long bytes = defaultBytes;
        String value = System.getProperty(property);
        if (value != null) {
            try {
                bytes = BufferPool.parseSize(property, value);
            } catch (BadStoreConfigurationException e) {
                LOG.error("ignoring {}: {}; using {} MiB", property, e.getMessage(), bytes >> 20);
            }
        }
        return (int) Math.max(1, Math.min(maxBuffers, bytes / unitBytes));
    }

    /**
     * The first buffer of a transfer that holds none: at once if one is free or the thread holds
     * buffers of another transfer, else waiting for one to be given back.
     *
     * @param what the transfer, for the timeout's message
     * @return the hold, to end once the transfer holds no buffer any more
     * @throws InterruptedException if interrupted while waiting
     * @throws BufferWaitTimeoutException if none was given back within the longest wait
     */
    public Hold takeFirst(String what) throws InterruptedException {
        return takeFirst(what, 1);
    }

    /**
     * The first buffers of a transfer that needs several at once to move any data (a part of a
     * multipart upload): all of them or none, by the rule of {@link #takeFirst(String)}. A nested
     * transfer that finds too few free overdraws by all of them, so nested transfers should ask
     * for few.
     *
     * @param what the transfer, for the timeout's message
     * @param buffers how many, at least one and at most the capacity
     * @return the hold, to end once the transfer holds no buffer any more
     * @throws InterruptedException if interrupted while waiting
     * @throws BufferWaitTimeoutException if they were not given back within the longest wait
     * @throws IllegalArgumentException if more than the capacity are asked for
     */
    public Hold takeFirst(String what, int buffers) throws InterruptedException {
        if (buffers < 1 || buffers > capacity) {
            throw new IllegalArgumentException(what + ": " + buffers + " " + unit + "s asked for, the budget holds "
                    + capacity + " (raise " + property + ")");
        }
        AtomicInteger mine = holding.get();
        if (!permits.tryAcquire(buffers)) {
            if (mine.get() > 0) {
                overdraft.addAndGet(buffers);
            } else {
                await(what, buffers);
            }
        }
        mine.incrementAndGet();
        return new Hold(mine);
    }

    private void await(String what, int buffers) throws InterruptedException {
        Duration wait = maxWait.get();
        waiting.incrementAndGet();
        try {
            if (!permits.tryAcquire(buffers, wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new BufferWaitTimeoutException(what + ": no " + unit + " came free within " + wait.toSeconds()
                        + " s; all " + (capacity * unitBytes >> 20) + " MiB are in use by other transfers (raise "
                        + property + " or run fewer at once)");
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    /**
     * A further buffer for a transfer that holds some: only if one is free and no transfer
     * waits for its first.
     *
     * @return whether one was taken
     */
    public boolean tryTakeMore() {
        return tryTakeMore(1);
    }

    /**
     * Further buffers for a transfer that holds some, all or none: only if that many are free and
     * no transfer waits for its first.
     *
     * @param buffers how many
     * @return whether they were taken
     */
    public boolean tryTakeMore(int buffers) {
        try {
            // The timed form honours the arrival order of waiters, where tryAcquire() would barge.
            return permits.tryAcquire(buffers, 0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Takes one buffer back: it pays back an overdraft first, else serves the next waiter. */
    public void giveBack() {
        while (true) {
            int owed = overdraft.get();
            if (owed <= 0) {
                permits.release();
                return;
            }
            if (overdraft.compareAndSet(owed, owed - 1)) {
                return;
            }
        }
    }

    /**
     * Whether a transfer waits for its first buffer now.
     *
     * @return whether one waits
     */
    public boolean hasWaiters() {
        return permits.hasQueuedThreads();
    }

    /**
     * The transfers waiting for their first buffer now.
     *
     * @return the count
     */
    public int waiting() {
        return waiting.get();
    }

    /**
     * The buffers of the budget.
     *
     * @return the count
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Changes the number of buffers. A larger budget serves waiting transfers at once; a smaller
     * one takes effect as buffers are given back.
     *
     * @param buffers the new count, at least one
     */
    public synchronized void setCapacity(int buffers) {
        if (buffers < 1) {
            throw new IllegalArgumentException("a budget needs at least one buffer");
        }
        int delta = buffers - capacity;
        capacity = buffers;
        if (delta > 0) {
            permits.release(delta);
        } else if (delta < 0) {
            permits.reduce(-delta);
        }
    }

    /** A transfer's claim on its thread while it holds buffers: what makes transfers nested in it never wait. */
    public static final class Hold {
        private AtomicInteger counter;

        private Hold(AtomicInteger counter) {
            this.counter = counter;
        }

        /** The transfer holds no buffer any more. Idempotent; any thread may call it. */
        public synchronized void end() {
            if (counter != null) {
                counter.decrementAndGet();
                counter = null;
            }
        }
    }

    /** A fair semaphore whose permits can also be taken away. */
    private static final class Permits extends Semaphore {
        private static final long serialVersionUID = 1L;

        Permits(int permits) {
            super(permits, true);
        }

        void reduce(int n) {
            reducePermits(n);
        }
    }
}
