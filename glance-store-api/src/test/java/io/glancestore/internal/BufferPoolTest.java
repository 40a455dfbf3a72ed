package io.glancestore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.BufferWaitTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

    private static final int CHUNK = BufferPool.CHUNK_SIZE;

    @Test
    void aLeaseGrowsWhileChunksAreFreeAndThenReusesItsOwn() throws Exception {
        BufferPool pool = new BufferPool(8L * CHUNK, Duration.ofSeconds(5));
        BufferLease lease = pool.lease(3, "test");
        Chunk a = lease.acquire();
        Chunk b = lease.acquire();
        Chunk c = lease.acquire();
        assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
        assertThat(pool.leasedBytes()).isEqualTo(3L * CHUNK);
        // At its maximum the lease waits for its own chunks, never for the pool's.
        CompletableFuture<Chunk> fourth = CompletableFuture.supplyAsync(() -> acquire(lease));
        Thread.sleep(50);
        assertThat(fourth).isNotDone();
        b.unref();
        assertThat(fourth.get(5, TimeUnit.SECONDS)).isSameAs(b);
        a.unref();
        b.unref();
        c.unref();
        assertThat(lease.awaitIdle()).isFalse();
        lease.close();
        assertThat(pool.leasedBytes()).isZero();
        assertThat(pool.allocatedBytes()).isEqualTo(3L * CHUNK);
        assertThat(pool.peakLeasedBytes()).isEqualTo(3L * CHUNK);
        // Reused, not allocated again.
        BufferLease again = pool.lease(3, "test");
        again.acquire().unref();
        again.close();
        assertThat(pool.allocatedBytes()).isEqualTo(3L * CHUNK);
    }

    @Test
    void aFirstChunkWaitsForTheBudgetAndTimesOutWithATypedError() throws Exception {
        BufferPool pool = new BufferPool(2L * CHUNK, Duration.ofMillis(200));
        BufferLease holder = pool.lease(4, "holder");
        Chunk one = holder.acquire();
        Chunk two = holder.acquire();
        BufferLease starved = pool.lease(4, "add of image x");
        long t0 = System.nanoTime();
        CompletableFuture<Chunk> waiting = CompletableFuture.supplyAsync(() -> acquire(starved));
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(BufferWaitTimeoutException.class)
                .hasMessageContaining("add of image x").hasMessageContaining("0 MiB");
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(pool.waitingOperations()).isZero();
        // A chunk given back serves the next waiter.
        pool.setMaxWait(Duration.ofSeconds(5));
        CompletableFuture<Chunk> next = CompletableFuture.supplyAsync(() -> acquire(starved));
        awaitWaiting(pool, 1);
        one.unref();
        two.unref();
        assertThat(next.get(5, TimeUnit.SECONDS)).isNotNull();
        next.get().unref();
        starved.close();
        holder.close();
        assertThat(pool.leasedBytes()).isZero();
    }

    @Test
    void theWaitForAFirstChunkIsInterruptible() throws Exception {
        BufferPool pool = new BufferPool(CHUNK, Duration.ofSeconds(30));
        BufferLease holder = pool.lease(1, "holder");
        Chunk held = holder.acquire();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                pool.lease(1, "waiter").acquire();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        waiter.start();
        awaitWaiting(pool, 1);
        waiter.interrupt();
        waiter.join(5000);
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(pool.waitingOperations()).isZero();
        held.unref();
        holder.close();
        assertThat(pool.leasedBytes()).isZero();
    }

    @Test
    void aLeaseNestedInAnotherOnTheSameThreadNeverWaits() throws Exception {
        BufferPool pool = new BufferPool(CHUNK, Duration.ofMillis(100));
        BufferLease outer = pool.lease(4, "add");
        Chunk outerChunk = outer.acquire();
        // A copy reads a verified get inside the add: waiting here would wait on itself.
        BufferLease inner = pool.lease(4, "verified get");
        Chunk innerChunk = inner.acquire();
        assertThat(pool.leasedBytes()).isEqualTo(2L * CHUNK);
        innerChunk.unref();
        inner.close();
        outerChunk.unref();
        outer.close();
        assertThat(pool.leasedBytes()).isZero();
        // The overdraft was paid back: the budget is one chunk again, and another thread waits.
        BufferLease first = pool.lease(1, "first");
        Chunk c = first.acquire();
        CompletableFuture<Chunk> other = CompletableFuture.supplyAsync(() -> acquire(pool.lease(1, "other")));
        assertThatThrownBy(() -> other.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(BufferWaitTimeoutException.class);
        c.unref();
        first.close();
    }

    @Test
    void chunksComingBackWhileOthersWaitAreSharedOut() throws Exception {
        BufferPool pool = new BufferPool(4L * CHUNK, Duration.ofSeconds(5));
        BufferLease greedy = pool.lease(4, "greedy");
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chunks.add(greedy.acquire());
        }
        BufferLease waiting = pool.lease(4, "waiter");
        CompletableFuture<Chunk> waiter = CompletableFuture.supplyAsync(() -> acquire(waiting));
        awaitWaiting(pool, 1);
        chunks.get(0).unref();
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(greedy.held()).isEqualTo(3);
        // Without waiters the lease keeps what comes back.
        chunks.get(1).unref();
        assertThat(greedy.held()).isEqualTo(3);
        chunks.get(2).unref();
        chunks.get(3).unref();
        greedy.close();
        waiter.get().unref();
        waiting.close();
        assertThat(pool.leasedBytes()).isEqualTo(0);
    }

    @Test
    void theBudgetCanGrowAndShrinkWhileInUse() throws Exception {
        BufferPool pool = new BufferPool(2L * CHUNK, Duration.ofSeconds(5));
        BufferLease a = pool.lease(2, "a");
        Chunk a1 = a.acquire();
        Chunk a2 = a.acquire();
        BufferLease bLease = pool.lease(1, "b");
        CompletableFuture<Chunk> b = CompletableFuture.supplyAsync(() -> acquire(bLease));
        awaitWaiting(pool, 1);
        pool.setCapacity(3L * CHUNK);
        assertThat(b.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(pool.capacityBytes()).isEqualTo(3L * CHUNK);
        pool.setCapacity(CHUNK);
        a1.unref();
        a2.unref();
        a.close();
        b.get().unref();
        bLease.close();
        assertThat(pool.allocatedBytes()).isLessThanOrEqualTo(CHUNK);
        assertThatThrownBy(() -> pool.setCapacity(CHUNK - 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sizesAreReadAsTheSystemPropertyIsWritten() {
        assertThat(BufferPool.parseSize("p", "64m")).isEqualTo(64L << 20);
        assertThat(BufferPool.parseSize("p", " 512K ")).isEqualTo(512L << 10);
        assertThat(BufferPool.parseSize("p", "1g")).isEqualTo(1L << 30);
        assertThat(BufferPool.parseSize("p", "262144")).isEqualTo(262144);
        for (String bad : List.of("", "m", "-1m", "12x", "1k", "99999999999999g")) {
            assertThatThrownBy(() -> BufferPool.parseSize("glancestore.transferBuffers", bad))
                    .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("glancestore.transferBuffers");
        }
    }

    private static Chunk acquire(BufferLease lease) {
        try {
            return lease.acquire();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitWaiting(BufferPool pool, int n) throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.waitingOperations() < n && System.nanoTime() < deadline) {
            never.await(5, TimeUnit.MILLISECONDS);
        }
        assertThat(pool.waitingOperations()).isEqualTo(n);
    }
}
