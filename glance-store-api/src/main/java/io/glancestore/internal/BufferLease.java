package io.glancestore.internal;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chunks of one operation (an add, a verified read), borrowed from the {@link BufferPool}:
 * at least one while the operation moves data, at most {@code maxChunks}. The first chunk may
 * wait for the pool; further ones are taken only if free at once (and nobody waits for a first
 * one), otherwise the operation reuses its own as they come back, so an operation never waits
 * on others while it holds chunks. A chunk that comes back while other operations wait for
 * their first goes to the pool instead, so the budget is shared out rather than hoarded.
 *
 * <p>One thread acquires; any thread may {@link #release}. {@link #close()} once every chunk is
 * back gives them all to the pool.
 */
final class BufferLease implements AutoCloseable {

    /** Per thread: the leases holding chunks whose first chunk that thread took. */
    private static final ThreadLocal<AtomicInteger> HOLDING = ThreadLocal.withInitial(AtomicInteger::new);

    private final BufferPool pool;
    private final int maxChunks;
    private final String what;
    private final ArrayDeque<Chunk> idle = new ArrayDeque<>();
    private int held;
    private AtomicInteger holder;
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
                if (held > 0 && held < maxChunks) {
                    chunk = pool.tryTakeMore();
                    if (chunk != null) {
                        held++;
                        return chunk;
                    }
                }
                if (held == 0) {
                    break;
                }
                // Ours come back as the stages finish with them: no one else is waited for.
                wait();
            }
        }
        AtomicInteger mine = HOLDING.get();
        Chunk first = pool.takeFirst(mine.get() > 0, what);
        synchronized (this) {
            held++;
            holder = mine;
        }
        mine.incrementAndGet();
        return first;
    }

    /**
     * Takes a chunk back from its last user.
     *
     * @param chunk a chunk of this lease
     */
    void release(Chunk chunk) {
        boolean toPool;
        synchronized (this) {
            toPool = closed || (held > 1 && pool.hasWaiters());
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
        if (holder != null) {
            holder.decrementAndGet();
            holder = null;
        }
    }
}
