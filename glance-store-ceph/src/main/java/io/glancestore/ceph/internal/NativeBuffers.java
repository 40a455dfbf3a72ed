package io.glancestore.ceph.internal;

import io.glancestore.exception.BufferWaitTimeoutException;
import io.glancestore.support.BufferPool;
import io.glancestore.support.TransferBudget;
import java.io.InterruptedIOException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The native buffers of every rbd transfer of this JVM: a budget of {@value #SLOT_SIZE}-byte
 * {@link AioSlot}s (system property {@value #PROPERTY}, a size such as {@code 128m}; default
 * {@value #DEFAULT_MIB} MiB), allocated on first use and reused. A write or a read borrows them
 * through a {@link Lease}, at most {@value #MAX_PER_TRANSFER} at once, by the rule of the SDK's
 * transfer buffers ({@link TransferBudget}): it waits only for its first (bounded by the SDK's
 * longest wait, then {@link BufferWaitTimeoutException}) and not at all when its thread holds
 * buffers of another rbd transfer (a copy from one rbd image into another); further ones it
 * takes if free, else it reuses its own as their requests complete. A transfer that needs the
 * SDK's heap buffers too takes those first, so no two transfers can each hold what the other
 * waits for.
 */
final class NativeBuffers {

    /** Bytes per slot, and so the largest librbd request. */
    static final int SLOT_SIZE = 1 << 20;
    /** Slots one write or read holds at most. */
    static final int MAX_PER_TRANSFER = 4;
    /** The system property of the budget. */
    static final String PROPERTY = "glancestore.rbd.nativeBuffers";
    static final long DEFAULT_MIB = 64;

    private static final NativeBuffers SHARED = new NativeBuffers(capacityFromProperty());

    private final TransferBudget budget;
    private final ConcurrentLinkedDeque<AioSlot> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger lent = new AtomicInteger();

    NativeBuffers(int capacity) {
        this.budget = new TransferBudget("native rbd buffer", PROPERTY, SLOT_SIZE, capacity,
                () -> BufferPool.shared().maxWait());
    }

    static NativeBuffers shared() {
        return SHARED;
    }

    private static int capacityFromProperty() {
        return TransferBudget.capacityFromProperty(PROPERTY, DEFAULT_MIB << 20, SLOT_SIZE, Integer.MAX_VALUE);
    }

    /**
     * A new lease, empty until its first {@link Lease#take()}.
     *
     * @param what the transfer, for messages
     * @return the lease
     */
    Lease lease(String what) {
        return new Lease(what);
    }

    private AioSlot checkOut() {
        lent.incrementAndGet();
        AioSlot slot = idle.pollFirst();
        return slot != null ? slot : new AioSlot(SLOT_SIZE);
    }

    private void giveBack(AioSlot slot) {
        if (slot.inFlight()) {
            throw new IllegalStateException("slot still in flight");
        }
        idle.addFirst(slot);
        lent.decrementAndGet();
        budget.giveBack();
    }

    /** @return the bytes lent to transfers now */
    long lentBytes() {
        return lent.get() * (long) SLOT_SIZE;
    }

    /** The slots of one transfer; used by one thread at a time, as the transfer is. */
    final class Lease {
        private final String what;
        private int held;
        private TransferBudget.Hold hold;

        private Lease(String what) {
            this.what = what;
        }

        /**
         * Another slot: the first waits for the budget, further ones (up to
         * {@value #MAX_PER_TRANSFER}) only if one is free at once.
         *
         * @return the slot, or {@code null} if the transfer must reuse one of its own
         * @throws InterruptedIOException if interrupted while waiting
         * @throws BufferWaitTimeoutException if no slot came free within the SDK's longest wait
         */
        AioSlot take() throws InterruptedIOException {
            if (held == 0) {
                try {
                    hold = budget.takeFirst(what);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException(what + ": interrupted while waiting for a native buffer");
                }
            } else if (held >= MAX_PER_TRANSFER || !budget.tryTakeMore()) {
                return null;
            }
            held++;
            return checkOut();
        }

        /**
         * Takes back a slot that is not in flight.
         *
         * @param slot a slot of this lease
         */
        void giveBack(AioSlot slot) {
            NativeBuffers.this.giveBack(slot);
            if (--held == 0) {
                hold.end();
                hold = null;
            }
        }

        /** @return the slots the transfer holds */
        int held() {
            return held;
        }
    }
}
