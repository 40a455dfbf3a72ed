package io.glancestore.internal;

import io.glancestore.exception.BackendException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.SizeMismatchException;
import io.glancestore.exception.SourceReadException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Moves an image from the caller's stream to several stages (md5, multihash, verifier, the
 * driver's write) that run at the same time on their own threads. The caller's thread only
 * reads the source into a small fixed pool of buffers; each buffer goes back to the pool once
 * every stage has seen it, so memory stays bounded whatever the image size, and the add runs
 * at the speed of the slowest stage rather than the sum of all.
 */
final class AddPipeline {

    private static final Chunk END = new Chunk(0);

    private final BlockingQueue<Chunk> free;
    private final List<Stage> stages = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    AddPipeline(int chunkSize, int chunkCount) {
        this.free = new ArrayBlockingQueue<>(chunkCount);
        for (int i = 0; i < chunkCount; i++) {
            free.add(new Chunk(chunkSize));
        }
    }

    /** How many chunks of a given size to keep in flight: enough to overlap, bounded in bytes. */
    static int chunkCountFor(int chunkSize) {
        long budget = 16L << 20;
        return (int) Math.max(3, Math.min(8, budget / chunkSize));
    }

    void addStage(String name, ChunkHandler handler) {
        stages.add(new Stage(name, handler));
    }

    /**
     * Runs the pipeline to the end of the source.
     *
     * @param source the caller's data
     * @param declaredSize the exact size, or -1 when unknown
     * @return bytes read from the source and handed to every stage
     * @throws GlanceStoreException the first failure of any stage or of the source
     */
    long run(InputStream source, long declaredSize) {
        CountDownLatch finished = new CountDownLatch(stages.size());
        for (Stage stage : stages) {
            PipelineThreads.EXECUTOR.execute(() -> {
                try {
                    stage.drain();
                } finally {
                    finished.countDown();
                }
            });
        }
        long total = 0;
        boolean interrupted = false;
        try {
            while (failure.get() == null) {
                // Poll rather than block, so a stage failing while every buffer is queued
                // cannot leave the reader waiting forever.
                Chunk chunk = free.poll(50, TimeUnit.MILLISECONDS);
                if (chunk == null) {
                    continue;
                }
                int n;
                try {
                    n = fill(source, chunk.data);
                } catch (IOException e) {
                    free.add(chunk);
                    fail(new SourceReadException("reading the image data failed after " + total + " bytes", e));
                    break;
                } catch (GlanceStoreException e) {
                    free.add(chunk);
                    fail(e);
                    break;
                } catch (RuntimeException e) {
                    free.add(chunk);
                    fail(new SourceReadException("reading the image data failed after " + total + " bytes", e));
                    break;
                }
                if (n == 0) {
                    free.add(chunk);
                    break;
                }
                total += n;
                if (declaredSize >= 0 && total > declaredSize) {
                    free.add(chunk);
                    fail(new SizeMismatchException("image data runs past the declared size of "
                            + declaredSize + " bytes"));
                    break;
                }
                chunk.length = n;
                chunk.refs.set(stages.size());
                for (Stage stage : stages) {
                    stage.queue.add(chunk);
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
            fail(new BackendException("image add interrupted after " + total + " bytes", e));
        }
        for (Stage stage : stages) {
            stage.queue.add(END);
        }
        while (true) {
            try {
                finished.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                fail(new BackendException("image add interrupted after " + total + " bytes", e));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() == null && declaredSize >= 0 && total != declaredSize) {
            fail(new SizeMismatchException("image data ended after " + total
                    + " bytes but " + declaredSize + " were declared"));
        }
        Throwable t = failure.get();
        if (t != null) {
            if (t instanceof GlanceStoreException) {
                throw (GlanceStoreException) t;
            }
            throw new PipelineFailure(t);
        }
        return total;
    }

    /** Reads until the buffer is full or the source ends; returns the count (0 at the end). */
    private static int fill(InputStream in, byte[] buf) throws IOException {
        int filled = 0;
        while (filled < buf.length) {
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private void fail(Throwable t) {
        if (!failure.compareAndSet(null, t) && failure.get() != t) {
            failure.get().addSuppressed(t);
        }
    }

    /** A failure of a stage that is not a GlanceStoreException; the caller translates it. */
    static final class PipelineFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PipelineFailure(Throwable cause) {
            super(cause);
        }
    }

    private static final class Chunk {
        final byte[] data;
        final AtomicInteger refs = new AtomicInteger();
        int length;

        Chunk(int size) {
            this.data = new byte[size];
        }
    }

    private final class Stage {
        final String name;
        final ChunkHandler handler;
        final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();

        Stage(String name, ChunkHandler handler) {
            this.name = name;
            this.handler = handler;
        }

        /** Handles chunks until END; after any failure keeps draining so buffers return. */
        void drain() {
            while (true) {
                Chunk chunk;
                try {
                    chunk = queue.take();
                } catch (InterruptedException e) {
                    // Pool threads are only interrupted at JVM shutdown; give up this add.
                    fail(new BackendException("pipeline stage " + name + " interrupted", e));
                    Thread.currentThread().interrupt();
                    return;
                }
                if (chunk == END) {
                    return;
                }
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
        }
    }
}
