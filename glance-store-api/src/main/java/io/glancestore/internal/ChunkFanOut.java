package io.glancestore.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands chunks of bytes from one producer to several stages (hashes, verifier, a driver's
 * write) that run at the same time on the shared pipeline threads. Chunks come from a fixed
 * pool and return to it once every stage has seen them, so memory stays bounded whatever the
 * image size, and the producer runs at the pace of the slowest stage rather than the sum of
 * all. Each stage sees the chunks in order, one at a time; a stage holds a thread only while it
 * has chunks to handle, so an abandoned fan-out leaves no thread behind.
 *
 * <p>After any failure (of a stage, or one the producer reports) the stages skip the remaining
 * chunks but still return them, so {@link #awaitIdle()} always ends.
 */
final class ChunkFanOut {

    private final int chunkCount;
    private final BlockingQueue<Chunk> free;
    private final List<Stage> stages = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    ChunkFanOut(int chunkSize, int chunkCount) {
        this.chunkCount = chunkCount;
        this.free = new ArrayBlockingQueue<>(chunkCount);
        for (int i = 0; i < chunkCount; i++) {
            free.add(new Chunk(chunkSize));
        }
    }

    /** Adds a stage; all stages are added before the first chunk is published. */
    void addStage(String name, ChunkHandler handler) {
        stages.add(new Stage(name, handler));
    }

    /**
     * A free chunk, emptied, waiting until one returns from the stages.
     *
     * @return the chunk
     * @throws InterruptedException if the producer is interrupted while waiting
     */
    Chunk acquire() throws InterruptedException {
        Chunk chunk = free.take();
        chunk.length = 0;
        return chunk;
    }

    /** Gives a chunk back unpublished. */
    void release(Chunk chunk) {
        free.add(chunk);
    }

    /** Hands a chunk holding {@code chunk.length} bytes to every stage. */
    void publish(Chunk chunk) {
        if (stages.isEmpty()) {
            free.add(chunk);
            return;
        }
        chunk.refs.set(stages.size());
        for (Stage stage : stages) {
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
     * Waits until the stages have handled (or, after a failure, skipped) every published chunk.
     * Not interruptible: the stages are quick to finish once asked, and their buffers must not
     * be reused while they still read them.
     *
     * @return whether the thread was interrupted while waiting (its flag is cleared)
     */
    boolean awaitIdle() {
        boolean interrupted = false;
        List<Chunk> all = new ArrayList<>(chunkCount);
        while (all.size() < chunkCount) {
            try {
                all.add(free.take());
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        free.addAll(all);
        return interrupted;
    }

    /** One buffer of the pool. */
    static final class Chunk {
        final byte[] data;
        final AtomicInteger refs = new AtomicInteger();
        int length;

        Chunk(int size) {
            this.data = new byte[size];
        }
    }

    /** A stage's queue, drained by at most one pipeline thread at a time. */
    private final class Stage implements Runnable {
        private final String name;
        private final ChunkHandler handler;
        private final Queue<Chunk> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();

        Stage(String name, ChunkHandler handler) {
            this.name = name;
            this.handler = handler;
        }

        void submit(Chunk chunk) {
            queue.add(chunk);
            if (scheduled.compareAndSet(false, true)) {
                PipelineThreads.EXECUTOR.execute(this);
            }
        }

        @Override
        public void run() {
            while (true) {
                Chunk chunk;
                while ((chunk = queue.poll()) != null) {
                    handle(chunk);
                }
                scheduled.set(false);
                // A chunk queued after the last poll but before the flag was cleared found the
                // stage scheduled and did not start it: take it on here.
                if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                    return;
                }
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
                if (chunk.refs.decrementAndGet() == 0) {
                    free.add(chunk);
                }
            }
        }

        @Override
        public String toString() {
            return "stage " + name;
        }
    }
}
