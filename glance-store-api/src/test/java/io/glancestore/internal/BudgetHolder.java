package io.glancestore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.ImageStore;
import io.glancestore.TransferBuffers;
import io.glancestore.support.BufferPool;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Spends the whole transfer budget, shrunk to one chunk: an add on its own thread holds that
 * chunk, its source blocked, until {@link #close()} lets it end and restores the budget.
 */
final class BudgetHolder implements AutoCloseable {

    private final TransferBuffers buffers = TransferBuffers.shared();
    private final long capacity = buffers.capacityBytes();
    private final Duration wait = buffers.maxWait();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread holder;

    /**
     * Starts the holding add and returns once it holds the chunk.
     *
     * @param store the store to add to
     * @param maxWait how long other transfers may wait for a chunk meanwhile
     */
    BudgetHolder(ImageStore store, Duration maxWait) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        holder = new Thread(() -> store.add("holder", new InputStream() {
            @Override
            public int read() throws IOException {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return -1;
            }
        }, ImageStore.UNKNOWN_SIZE));
        buffers.setCapacityBytes(BufferPool.CHUNK_SIZE);
        buffers.setMaxWait(maxWait);
        holder.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).as("the holder holds the budget").isTrue();
    }

    @Override
    public void close() throws InterruptedException {
        release.countDown();
        holder.join(10_000);
        buffers.setCapacityBytes(capacity);
        buffers.setMaxWait(wait);
    }
}
