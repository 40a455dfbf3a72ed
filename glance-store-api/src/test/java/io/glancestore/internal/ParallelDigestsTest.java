package io.glancestore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelDigestsTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4095, ParallelDigests.CHUNK_SIZE - 1, ParallelDigests.CHUNK_SIZE,
        ParallelDigests.CHUNK_SIZE + 1, 5 * ParallelDigests.CHUNK_SIZE + 17})
    void digestsEqualThoseOfOneSequentialPassWhateverTheUpdateSizes(int size) throws Exception {
        byte[] data = new byte[size];
        Random random = new Random(size);
        random.nextBytes(data);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        MessageDigest sha = MessageDigest.getInstance("SHA-512");
        try (ParallelDigests digests = new ParallelDigests(md5, null, sha)) {
            byte[] reused = new byte[70_000];
            for (int pos = 0; pos < size; ) {
                int n = Math.min(size - pos, random.nextInt(reused.length + 1));
                System.arraycopy(data, pos, reused, 3, Math.min(n, reused.length - 3));
                n = Math.min(n, reused.length - 3);
                digests.update(reused, 3, n);
                // The caller may scribble over its buffer as soon as update returns.
                java.util.Arrays.fill(reused, (byte) 0x5a);
                pos += n;
            }
            digests.finish();
            digests.finish();
        }
        assertThat(md5.digest()).isEqualTo(MessageDigest.getInstance("MD5").digest(data));
        assertThat(sha.digest()).isEqualTo(MessageDigest.getInstance("SHA-512").digest(data));
    }

    @Test
    void updatesAfterTheEndAreRefused() throws Exception {
        ParallelDigests finished = new ParallelDigests(MessageDigest.getInstance("MD5"));
        finished.finish();
        assertThatThrownBy(() -> finished.update(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        ParallelDigests closed = new ParallelDigests(MessageDigest.getInstance("MD5"));
        closed.update(new byte[10], 0, 10);
        closed.close();
        assertThatThrownBy(() -> closed.update(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ParallelDigests(MessageDigest.getInstance("MD5")).update(new byte[4], 2, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void everyRunGivesItsChunksBackToTheSharedPool() throws Exception {
        TransferBuffersProbe.awaitAllBack();
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        try (ParallelDigests digests = new ParallelDigests(md5)) {
            digests.update(new byte[5 * ParallelDigests.CHUNK_SIZE], 0, 5 * ParallelDigests.CHUNK_SIZE);
            assertThat(BufferPool.shared().leasedBytes()).isPositive()
                    .isLessThanOrEqualTo((long) ParallelDigests.MAX_CHUNKS * ParallelDigests.CHUNK_SIZE);
            digests.finish();
        }
        assertThat(BufferPool.shared().leasedBytes()).isZero();
        ParallelDigests abandoned = new ParallelDigests(md5);
        abandoned.update(new byte[3 * ParallelDigests.CHUNK_SIZE + 1], 0, 3 * ParallelDigests.CHUNK_SIZE + 1);
        abandoned.close();
        assertThat(BufferPool.shared().leasedBytes()).isZero();
    }

    @Test
    void anAbandonedRunDoesNotBlockAndHoldsNoThread() throws Exception {
        for (int i = 0; i < 200; i++) {
            ParallelDigests digests = new ParallelDigests(MessageDigest.getInstance("SHA-512"));
            digests.update(new byte[3 * ParallelDigests.CHUNK_SIZE], 0, 3 * ParallelDigests.CHUNK_SIZE);
            digests.close();
        }
        // Stage threads exist only while they have chunks: the pool goes back to idle threads.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (busyPipelineThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(busyPipelineThreads()).isZero();
    }

    @Test
    void aFailingStageEndsTheFanOutAndItsChunksStillReturn() throws Exception {
        BufferPool pool = new BufferPool(4 * BufferPool.CHUNK_SIZE, Duration.ofSeconds(5));
        BufferLease lease = pool.lease(2, "test");
        ChunkFanOut fanOut = new ChunkFanOut(lease);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        ChunkFanOut.Stage recorder = fanOut.stage("recorder", (b, off, len) -> seen.add((int) b[off]));
        ChunkFanOut.Stage failing = fanOut.stage("failing", (b, off, len) -> {
            if (b[off] == 3) {
                throw new IllegalStateException("stage broke");
            }
        });
        for (int i = 0; i < 20; i++) {
            Chunk chunk = fanOut.acquire();
            chunk.data[0] = (byte) i;
            chunk.length = 1;
            fanOut.publish(chunk, recorder, failing);
            chunk.unref();
        }
        assertThat(fanOut.awaitIdle()).isFalse();
        assertThat(lease.held()).isBetween(1, 2);
        lease.close();
        assertThat(pool.leasedBytes()).isZero();
        assertThat(fanOut.failure()).isInstanceOf(IllegalStateException.class).hasMessage("stage broke");
        // In order, and nothing after the failure was handed on to the stages' handlers.
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < seen.size(); i++) {
            expected.add(i);
        }
        assertThat(seen).isEqualTo(expected).hasSizeLessThan(20);
    }

    @Test
    void whenNoPipelineThreadIsFreeTheProducerHandlesTheLastChunksItself() throws Exception {
        // Every pipeline thread busy elsewhere, as on a machine whose cores other work takes.
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(PipelineThreads.THREADS);
        for (int i = 0; i < PipelineThreads.THREADS; i++) {
            PipelineThreads.EXECUTOR.execute(() -> {
                busy.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            BufferPool pool = new BufferPool(4 * BufferPool.CHUNK_SIZE, Duration.ofSeconds(5));
            List<Thread> handledBy = new CopyOnWriteArrayList<>();
            List<Integer> seen = new CopyOnWriteArrayList<>();
            Thread producer = CompletableFuture.supplyAsync(() -> {
                BufferLease lease = pool.lease(2, "test");
                ChunkFanOut fanOut = new ChunkFanOut(lease);
                ChunkFanOut.Stage stage = fanOut.stage("both digests", (b, off, len) -> {
                    handledBy.add(Thread.currentThread());
                    seen.add((int) b[off]);
                });
                try {
                    for (int i = 0; i < 2; i++) {
                        Chunk chunk = fanOut.acquire();
                        chunk.data[0] = (byte) i;
                        chunk.length = 1;
                        fanOut.publish(chunk, stage);
                        chunk.unref();
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                fanOut.awaitIdle();
                lease.close();
                return Thread.currentThread();
            }).get(10, TimeUnit.SECONDS);
            assertThat(seen).containsExactly(0, 1);
            assertThat(handledBy).containsOnly(producer);
            assertThat(pool.leasedBytes()).isZero();
        } finally {
            release.countDown();
        }
    }

    @Test
    void eachStageSeesTheChunksInOrderWhileStagesOverlap() throws Exception {
        BufferPool pool = new BufferPool(8 * BufferPool.CHUNK_SIZE, Duration.ofSeconds(5));
        BufferLease lease = pool.lease(3, "test");
        ChunkFanOut fanOut = new ChunkFanOut(lease);
        List<Integer> slow = new CopyOnWriteArrayList<>();
        List<Integer> fast = new CopyOnWriteArrayList<>();
        CountDownLatch bothRunning = new CountDownLatch(2);
        ChunkFanOut.Stage slowStage = fanOut.stage("slow", (b, off, len) -> {
            bothRunning.countDown();
            Thread.sleep(1);
            slow.add(b[off] & 0xff);
        });
        ChunkFanOut.Stage fastStage = fanOut.stage("fast", (b, off, len) -> {
            bothRunning.countDown();
            fast.add(b[off] & 0xff);
        });
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Chunk chunk = fanOut.acquire();
            chunk.data[0] = (byte) i;
            chunk.length = 1;
            fanOut.publish(chunk, slowStage, fastStage);
            chunk.unref();
            expected.add(i);
        }
        fanOut.awaitIdle();
        lease.close();
        assertThat(pool.leasedBytes()).isZero();
        assertThat(fanOut.failure()).isNull();
        assertThat(bothRunning.await(1, TimeUnit.SECONDS)).isTrue();
        assertThat(slow).isEqualTo(expected);
        assertThat(fast).isEqualTo(expected);
    }

    private static long busyPipelineThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("glance-store-hash-"))
                .filter(e -> e.getValue().length > 0 && java.util.Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().startsWith("io.glancestore.internal.ChunkFanOut")))
                .count();
    }
}
