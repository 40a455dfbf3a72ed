package io.glancestore.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What one transfer borrows by the rule of a {@link TransferBudget}: items (a buffer, or a part
 * made of several buffers) that the transfer takes, uses, and gives back to this lease, which
 * keeps them for the transfer's next one. The first item waits for the budget; further ones are
 * taken only if their buffers are free at once (and, up to {@code maxHeld}), otherwise the
 * transfer reuses its own as they come back. An item that comes back while other transfers wait
 * for their first goes back to the budget instead, so the budget is shared out rather than
 * hoarded.
 *
 * <p>One thread takes; any thread may {@link #release} an item. {@link #close()} gives the idle
 * items back at once and those still in use as they are released. Subclasses say how items are
 * made ({@link #take}'s suppliers) and how one goes back to the budget ({@link #giveBack}).
 *
 * @param <T> the items lent
 */
public abstract class BudgetLease<T> implements AutoCloseable {

    private final TransferBudget budget;
    private final String what;
    private final int maxHeld;
    private final ArrayDeque<T> idle = new ArrayDeque<>();
    private int held;
    private TransferBudget.Hold hold;
    private boolean closed;

    /**
     * Creates an empty lease.
     *
     * @param budget the budget the items' buffers are counted in
     * @param what the transfer, for messages
     * @param maxHeld the most items the transfer may hold at once, idle or in use
     * @throws IllegalArgumentException if {@code maxHeld} is less than one
     */
    protected BudgetLease(TransferBudget budget, String what, int maxHeld) {
        if (maxHeld < 1) {
            throw new IllegalArgumentException("a lease needs at least one item");
        }
        this.budget = budget;
        this.what = what;
        this.maxHeld = maxHeld;
    }

    /**
     * An item for the transfer: an idle one of this lease if there is one; else, for a transfer
     * that holds none, a first one, waiting for the budget; else a new one if its buffers are
     * free at once; else the next of the transfer's own that comes back. The suppliers run under
     * this lease's lock, once the budget has granted the item's buffers.
     *
     * @param firstBuffers the buffers a first item costs
     * @param first makes a first item
     * @param moreBuffers the buffers a further item costs
     * @param more makes a further item
     * @return the item, as it was last released if it is reused
     * @throws InterruptedException if interrupted while waiting
     * @throws io.glancestore.exception.BufferWaitTimeoutException if the budget stayed spent
     *     too long
     * @throws IllegalStateException if the lease is closed
     */
    protected final T take(int firstBuffers, Supplier<T> first, int moreBuffers, Supplier<T> more)
            throws InterruptedException {
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new IllegalStateException("lease closed");
                }
                T item = idle.pollFirst();
                if (item != null) {
                    return item;
                }
                if (held == 0) {
                    break;
                }
                if (held < maxHeld && budget.tryTakeMore(moreBuffers)) {
                    held++;
                    return more.get();
                }
                // Ours come back as their users finish with them: no other transfer is waited for.
                wait();
            }
        }
        TransferBudget.Hold granted = budget.takeFirst(what, firstBuffers);
        synchronized (this) {
            held++;
            hold = granted;
            return first.get();
        }
    }

    /**
     * Gives an item's buffers back to the budget (and the item to whatever keeps it). Called
     * without this lease's lock, once the lease no longer counts the item.
     *
     * @param item an item of this lease
     */
    protected abstract void giveBack(T item);

    /**
     * Takes an item back from its last user: kept for the transfer's next one, or given to the
     * budget when the lease is closed or another transfer waits for its first.
     *
     * @param item an item of this lease
     */
    public final void release(T item) {
        boolean toBudget;
        synchronized (this) {
            toBudget = closed || (held > 1 && budget.hasWaiters());
            if (toBudget) {
                drop(1);
            } else {
                idle.addFirst(item);
            }
            notifyAll();
        }
        if (toBudget) {
            giveBack(item);
        }
    }

    /**
     * How many items the transfer holds, idle or in use.
     *
     * @return the items
     */
    public final synchronized int held() {
        return held;
    }

    /**
     * Waits until every item is idle again (its users are done with it).
     *
     * @return whether the thread was interrupted while waiting (its flag is cleared); the wait
     *     goes on regardless, since the users still use the items
     */
    public final boolean awaitIdle() {
        boolean interrupted = false;
        synchronized (this) {
            while (idle.size() < held) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        return interrupted;
    }

    /** Gives the idle items back; those still in use follow when released. Idempotent. */
    @Override
    public final void close() {
        List<T> back;
        synchronized (this) {
            closed = true;
            back = new ArrayList<>(idle);
            idle.clear();
            drop(back.size());
            notifyAll();
        }
        for (T item : back) {
            giveBack(item);
        }
    }

    private void drop(int items) {
        held -= items;
        if (held == 0 && hold != null) {
            hold.end();
            hold = null;
        }
    }
}
