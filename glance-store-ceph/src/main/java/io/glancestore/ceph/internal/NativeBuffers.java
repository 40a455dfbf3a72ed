package io.glancestore.ceph.internal;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.BufferWaitTimeoutException;
import io.glancestore.internal.BufferPool;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native buffers of every rbd transfer of this JVM: a budget of {@value #SLOT_SIZE}-byte
 * {@link AioSlot}s (system property {@value #PROPERTY}, a size such as {@code 128m}; default
 * {@value #DEFAULT_MIB} MiB), allocated on first use and reused. A write or a read holds at most
 * {@value #MAX_PER_TRANSFER} of them. As with the SDK's transfer buffers, a transfer waits for a
 * slot only for its first one and only while it holds none (bounded by the SDK's longest wait,
 * then {@link BufferWaitTimeoutException}); further ones it takes if free, else it reuses its own
 * as their requests complete. A transfer that needs the SDK's heap buffers too takes those first,
 * so no two transfers can each hold what the other waits for.
 */
final class NativeBuffers {

    /** Bytes per slot, and so the largest librbd request. */
    static final int SLOT_SIZE = 1 << 20;
    /** Slots one write or read holds at most. */
    static final int MAX_PER_TRANSFER = 4;
    /** The system property of the budget. */
    static final String PROPERTY = "glancestore.rbd.nativeBuffers";
    static final long DEFAULT_MIB = 64;

    private static final Logger LOG = LoggerFactory.getLogger(NativeBuffers.class);
    private static final NativeBuffers SHARED = new NativeBuffers(capacityFromProperty());

    private final Semaphore permits;
    private final ConcurrentLinkedDeque<AioSlot> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger lent = new AtomicInteger();
    private final int capacity;

    NativeBuffers(int capacity) {
        this.capacity = capacity;
        this.permits = new Semaphore(capacity, true);
    }

    static NativeBuffers shared() {
        return SHARED;
    }

    private static int capacityFromProperty() {
        String value = System.getProperty(PROPERTY);
        long bytes = DEFAULT_MIB << 20;
        if (value != null) {
            try {
                bytes = BufferPool.parseSize(PROPERTY, value);
            } catch (BadStoreConfigurationException e) {
                LOG.error("ignoring {}: {}; using {} MiB", PROPERTY, e.getMessage(), DEFAULT_MIB);
            }
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / SLOT_SIZE));
    }

    /**
     * The first slot of a transfer that holds none, waiting for one when all are lent.
     *
     * @param what the transfer, for the timeout's message
     * @return the slot
     * @throws InterruptedIOException if interrupted while waiting
     * @throws BufferWaitTimeoutException if none came back within the SDK's longest wait
     */
    AioSlot takeFirst(String what) throws InterruptedIOException {
        Duration wait = BufferPool.shared().maxWait();
        try {
            if (!permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new BufferWaitTimeoutException(what + ": no native rbd buffer came free within "
                        + wait.toSeconds() + " s; all " + capacity + " MiB are in use by other transfers (raise "
                        + PROPERTY + " or run fewer at once)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what + ": interrupted while waiting for a native buffer");
        }
        return checkOut();
    }

    /** A further slot for a transfer that holds some, only if one is free and nobody waits. */
    AioSlot tryTakeMore() {
        try {
            return permits.tryAcquire(0, TimeUnit.NANOSECONDS) ? checkOut() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private AioSlot checkOut() {
        lent.incrementAndGet();
        AioSlot slot = idle.pollFirst();
        return slot != null ? slot : new AioSlot(SLOT_SIZE);
    }

    /** Takes back a slot that is not in flight. */
    void giveBack(AioSlot slot) {
        if (slot.inFlight()) {
            throw new IllegalStateException("slot still in flight");
        }
        idle.addFirst(slot);
        lent.decrementAndGet();
        permits.release();
    }

    /** @return the bytes lent to transfers now */
    long lentBytes() {
        return lent.get() * (long) SLOT_SIZE;
    }
}
