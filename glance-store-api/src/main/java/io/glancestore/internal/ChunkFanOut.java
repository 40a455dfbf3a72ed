package io.glancestore.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands chunks of one operation from its producer to stages (digests) that run at the same time
 * on the {@link PipelineThreads}. Chunks come from the operation's {@link BufferLease} and go
 * back to it once the producer and every stage it was published to are done with them, so
 * memory stays bounded whatever the image size, and the producer runs at the pace of the
 * slowest stage rather than the sum of all. Each stage sees its chunks in order, one at a time;
 * a stage holds a thread only while it has chunks to handle, so an abandoned fan-out leaves no
 * thread behind.
 *
 * <p>When the producer has nothing left to do but wait for the stages ({@link #awaitIdle()}), it
 * handles the chunks that no pipeline thread has taken up yet itself: on a machine whose cores
 * are busy, a small image's digests then cost no wait for a pipeline thread to be scheduled,
 * and on an idle one they will long have run while the producer wrote and synced.
 *
 * <p>After any failure (of a stage, or one the producer reports) the stages skip the remaining
 * chunks but still let them go, so {@link #awaitIdle()} always ends.
 */
final class ChunkFanOut {

    private final BufferLease lease;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** The stages, created on the producer's thread, which alone reads this. */
    private final List<Stage> stages = new ArrayList<>();

    ChunkFanOut(BufferLease lease) {
        this.lease = lease;
    }

    /**
     * A stage that chunks can be published to.
     *
     * @param name names the stage's task
     * @param handler what it does with each chunk
     * @return the stage
     */
    Stage stage(String name, ChunkHandler handler) {
        Stage stage = new Stage(name, handler);
        stages.add(stage);
        return stage;
    }

    /**
     * A free chunk, emptied, held by the caller (one reference) until {@link Chunk#unref()}.
     *
     * @return the chunk
     * @throws InterruptedException if interrupted while waiting for one
     */
    Chunk acquire() throws InterruptedException {
        return lease.acquire();
    }

    /**
     * Hands a chunk holding {@code chunk.length} bytes to stages. The caller keeps its own
     * reference and drops it when done.
     *
     * @param chunk the chunk
     * @param targets the stages
     */
    void publish(Chunk chunk, Stage... targets) {
        chunk.refs.addAndGet(targets.length);
        for (Stage stage : targets) {
            stage.submit(chunk);
        }
    }

    /** Records a failure; the first one wins, later ones are suppressed into it. */
    void fail(Throwable t) {
        if (!failure.compareAndSet(null, t) && failure.get() != t) {
            failure.get().addSuppressed(t);
        }
    }

    /** The first failure, or {@code null}. */
    Throwable failure() {
        return failure.get();
    }

    /**
     * Waits until the stages have handled (or, after a failure, skipped) every published chunk,
     * handling on this thread the chunks of any stage that no other thread is handling. Not
     * interruptible: the stages are quick to finish once asked, and their buffers must not be
     * reused while they still read them.
     *
     * @return whether the thread was interrupted while waiting (its flag is cleared)
     */
    boolean awaitIdle() {
        for (Stage stage : stages) {
            stage.drainUnlessBusy();
        }
        return lease.awaitIdle();
    }

    /** A stage's queue, drained by one thread at a time: a pipeline thread, or the producer at the end. */
    final class Stage implements Runnable {
        private final String name;
        private final ChunkHandler handler;
        private final Queue<Chunk> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        /** Held by whoever drains the queue, so each stage sees its chunks in order, one at a time. */
        private final ReentrantLock draining = new ReentrantLock();

        private Stage(String name, ChunkHandler handler) {
            this.name = name;
            this.handler = handler;
        }

        private void submit(Chunk chunk) {
            queue.add(chunk);
            if (scheduled.compareAndSet(false, true)) {
                PipelineThreads.EXECUTOR.execute(this);
            }
        }

        @Override
        public void run() {
            while (true) {
                // Waits at most while the producer handles the chunks it took up itself.
                draining.lock();
                try {
                    drain();
                } finally {
                    draining.unlock();
                }
                scheduled.set(false);
                // A chunk queued after the last poll but before the flag was cleared found the
                // stage scheduled and did not start it: take it on here.
                if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                    return;
                }
            }
        }

        /** On the producer's thread: handles the queued chunks unless a pipeline thread is at it. */
        private void drainUnlessBusy() {
            if (!queue.isEmpty() && draining.tryLock()) {
                try {
                    drain();
                } finally {
                    draining.unlock();
                }
            }
        }

        private void drain() {
            Chunk chunk;
            while ((chunk = queue.poll()) != null) {
                handle(chunk);
            }
        }

        private void handle(Chunk chunk) {
            try {
                if (failure.get() == null) {
                    handler.accept(chunk.data, 0, chunk.length);
                }
            } catch (Throwable t) {
                fail(t);
            } finally {
                chunk.unref();
            }
        }

        @Override
        public String toString() {
            return "stage " + name;
        }
    }
}
