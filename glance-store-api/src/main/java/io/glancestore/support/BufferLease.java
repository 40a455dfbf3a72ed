package io.glancestore.support;

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
final class BufferLease extends BudgetLease<Chunk> {

    private final BufferPool pool;

    BufferLease(BufferPool pool, int maxChunks, String what) {
        super(pool.budget(), what, maxChunks);
        this.pool = pool;
    }

    /**
     * A chunk for this operation, emptied, with one reference (the caller's).
     *
     * @return the chunk
     * @throws InterruptedException if interrupted while waiting
     * @throws io.glancestore.exception.BufferWaitTimeoutException if the pool stayed empty too long
     */
    Chunk acquire() throws InterruptedException {
        Chunk chunk = take(1, pool::checkOut, 1, pool::checkOut);
        chunk.lease = this;
        chunk.length = 0;
        chunk.refs.set(1);
        return chunk;
    }

    @Override
    protected void giveBack(Chunk chunk) {
        pool.giveBack(chunk);
    }
}
