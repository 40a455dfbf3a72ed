package io.glancestore.internal;

import java.util.ArrayDeque;

/**
 * The chunks of one operation (an add, a verified read), borrowed from the {@link BufferPool}
 * by the rule of its {@link TransferBudget}: at least one while the operation moves data, at
 * most {@code maxChunks}; the first may wait, further ones are taken only if free at once,
 * otherwise the operation reuses its own as they come back. A chunk that comes back while other
 * operations wait for their first goes to the pool instead, so the budget is shared out rather
 * than hoarded.
 *
 * <p>One thread acquires; any thread may {@link #release}. {@link #close()} once every chunk is
 * back gives them all to the pool.
 */
final class BufferLease implements AutoCloseable {

    private final BufferPool pool;
    private final int maxChunks;
    private final String what;
    private final ArrayDeque<Chunk> idle = new ArrayDeque<>();
    private int held;
    private TransferBudget.Hold hold;
    private boolean closed;

    BufferLease(BufferPool pool, int maxChunks, String what) {
        if (maxChunks < 1) {
            throw new IllegalArgumentException("a lease needs at least one chunk");
        }
        this.pool = pool;
        this.maxChunks = maxChunks;
        this.what = what;
    }

    /**
     * A chunk for this operation, emptied, with one reference (the caller's).
     *
     * @return the chunk
     * @throws InterruptedException if interrupted while waiting
     * @throws io.glancestore.exception.BufferWaitTimeoutException if the pool stayed empty too long
     */
    Chunk acquire() throws InterruptedException {
        Chunk chunk = next();
        chunk.lease = this;
        chunk.length = 0;
        chunk.refs.set(1);
        return chunk;
    }

    private Chunk next() throws InterruptedException {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("lease closed");
            }
            while (true) {
                Chunk chunk = idle.pollFirst();
                if (chunk != null) {
                    return chunk;
                }
                if (held > 0 && held < maxChunks && pool.budget().tryTakeMore()) {
                    held++;
                    return pool.checkOut();
                }
                if (held == 0) {
                    break;
                }
                // Ours come back as the stages finish with them: no one else is waited for.
                wait();
            }
        }
        TransferBudget.Hold first = pool.budget().takeFirst(what);
        synchronized (this) {
            held++;
            hold = first;
        }
        return pool.checkOut();
    }

    /**
     * Takes a chunk back from its last user.
     *
     * @param chunk a chunk of this lease
     */
    void release(Chunk chunk) {
        boolean toPool;
        synchronized (this) {
            toPool = closed || (held > 1 && pool.budget().hasWaiters());
            if (toPool) {
                held--;
                if (held == 0) {
                    dropHolder();
                }
            } else {
                idle.addFirst(chunk);
            }
            notifyAll();
        }
        if (toPool) {
            pool.giveBack(chunk);
        }
    }

    /** How many chunks the operation holds, idle or in use. */
    synchronized int held() {
        return held;
    }

    /**
     * Waits until every chunk is idle again (its users are done with it).
     *
     * @return whether the thread was interrupted while waiting (its flag is cleared); the wait
     *     goes on regardless, since the users still read the chunks
     */
    boolean awaitIdle() {
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

    /** Gives the idle chunks to the pool; any still in use follow when released. Idempotent. */
    @Override
    public void close() {
        Chunk[] back;
        synchronized (this) {
            closed = true;
            back = idle.toArray(new Chunk[0]);
            idle.clear();
            held -= back.length;
            if (held == 0) {
                dropHolder();
            }
            notifyAll();
        }
        for (Chunk chunk : back) {
            pool.giveBack(chunk);
        }
    }

    private void dropHolder() {
        if (hold != null) {
            hold.end();
            hold = null;
        }
    }
}
