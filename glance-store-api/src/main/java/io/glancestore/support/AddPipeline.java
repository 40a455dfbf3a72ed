package io.glancestore.support;

import io.glancestore.exception.BackendException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.SizeMismatchException;
import io.glancestore.exception.SourceReadException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Moves an image from the caller's stream into a sink (the driver's write, on the caller's
 * thread) while md5 and the multihash run on the {@link PipelineThreads}, each on its own core.
 * The caller's thread reads the source into pooled chunks ({@link BufferPool}, at most
 * {@value #MAX_CHUNKS} per add), hands each chunk to the digests and writes it, so the add runs
 * at the pace of the slowest of reading-and-writing, md5 and the multihash rather than their sum,
 * and memory stays at a few chunks whatever the image size or the number of adds.
 *
 * <p>A small image (one that ends within its first chunk) has both digests computed by one task
 * on one pipeline thread: one hand-off, no thread of its own, while the caller opens the
 * backend's write ({@link #readFirst}), writes and syncs.
 * The digests do not change what is stored, only what the add reports, so the caller may publish
 * the image before {@link #finishHashing()}: the digests then run behind the whole publication
 * (for a small file image, the file's sync, the link and the folder's sync).
 */
public final class AddPipeline implements AutoCloseable {

    /** Chunks one add holds at most: enough to keep reading, hashing and writing overlapped. */
    static final int MAX_CHUNKS = 4;

    private final ChunkFanOut fanOut;
    private final BufferLease lease;
    private final ChunkFanOut.Stage md5Stage;
    private final ChunkFanOut.Stage multihashStage;
    private final ChunkFanOut.Stage bothStage;
    private final int chunkLimit;
    private final String action;
    /** The chunk borrowed at construction, until it is first filled (so none once reading began). */
    private Chunk first;
    /** A chunk read and handed to the digests but not yet to the sink. */
    private Chunk pending;
    private long total;
    private boolean ended;
    private boolean finished;

    /**
     * Borrows the add's first chunk, waiting for one when every transfer buffer is in use.
     *
     * @param md5 the md5 digest
     * @param multihash the multihash digest
     * @param chunkLimit bytes per chunk handed to the sink, at most {@value BufferPool#CHUNK_SIZE}
     * @param action the add, for messages
     * @throws BackendException if interrupted while waiting
     * @throws io.glancestore.exception.BufferWaitTimeoutException if no buffer came free in time
     */
    public AddPipeline(MessageDigest md5, MessageDigest multihash, int chunkLimit, String action) {
        this.chunkLimit = Math.min(chunkLimit, BufferPool.CHUNK_SIZE);
        this.action = action;
        this.lease = BufferPool.shared().lease(MAX_CHUNKS, action);
        this.fanOut = new ChunkFanOut(lease);
        this.md5Stage = fanOut.stage("md5", md5::update);
        this.multihashStage = fanOut.stage("multihash", multihash::update);
        this.bothStage = fanOut.stage("md5+multihash", (b, off, len) -> {
            md5.update(b, off, len);
            multihash.update(b, off, len);
        });
        try {
            this.first = fanOut.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(action + " interrupted while waiting for a transfer buffer", e);
        }
    }

    /**
     * Reads the first chunk of the source and hands it to the digests, before the backend is asked
     * anything: the digests of a small image then run while the backend creates its object (for
     * the file store, the inode of the temporary, which is no cheaper than the sync), and not only
     * while it writes and syncs. {@link #run} hands that chunk to the sink first. Optional: without
     * it, {@code run} reads the first chunk itself.
     *
     * @param source the caller's data
     * @param declaredSize the exact size, or -1 when unknown
     * @throws GlanceStoreException on a failure of the source or of the sizes
     */
    public void readFirst(InputStream source, long declaredSize) {
        try {
            readNext(source, declaredSize);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(action + " interrupted while waiting for a transfer buffer", e);
        }
    }

    /**
     * Reads the source to its end, hashing every chunk on the pipeline threads and handing it to
     * the sink on this thread. The digests may still be running when this returns; a digest that
     * failed before makes it throw, since the reading stopped short.
     *
     * @param source the caller's data
     * @param declaredSize the exact size, or -1 when unknown
     * @param sink receives every chunk in order, on this thread
     * @return bytes read from the source and handed to the sink
     * @throws GlanceStoreException on a failure of the source, of the sizes, or of the sink
     * @throws Exception what the sink throws
     */
    public long run(InputStream source, long declaredSize, ChunkHandler sink) throws Exception {
        try {
            if (first != null) {
                readNext(source, declaredSize);
            }
            while (pending != null) {
                Chunk chunk = pending;
                pending = null;
                try {
                    sink.accept(chunk.data, 0, chunk.length);
                } finally {
                    chunk.unref();
                }
                if (ended || fanOut.failure() != null) {
                    break;
                }
                readNext(source, declaredSize);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(action + " interrupted after " + total + " bytes", e);
        }
        // A digest that failed stopped the reading: the data is short and must not be published.
        throwIfFailed();
        if (declaredSize >= 0 && total != declaredSize) {
            throw new SizeMismatchException("image data ended after " + total + " bytes but " + declaredSize
                    + " were declared");
        }
        return total;
    }

    /**
     * Fills the next chunk from the source and hands it to the digests; it is then
     * {@link #pending} for the sink, unless the source had ended.
     */
    private void readNext(InputStream source, long declaredSize) throws InterruptedException {
        boolean firstChunk = first != null;
        Chunk chunk = firstChunk ? first : fanOut.acquire();
        first = null;
        boolean kept = false;
        try {
            int n = fill(source, chunk.data, total);
            if (n == 0) {
                ended = true;
                return;
            }
            total += n;
            if (declaredSize >= 0 && total > declaredSize) {
                throw new SizeMismatchException("image data runs past the declared size of "
                        + declaredSize + " bytes");
            }
            ended = n < chunkLimit || (declaredSize >= 0 && total == declaredSize && atEnd(source, declaredSize));
            chunk.length = n;
            if (firstChunk && ended) {
                fanOut.publish(chunk, bothStage);
            } else {
                fanOut.publish(chunk, md5Stage, multihashStage);
            }
            pending = chunk;
            kept = true;
        } finally {
            if (!kept) {
                chunk.unref();
            }
        }
    }

    /**
     * Waits for the digests to have seen every byte; then they may be read.
     *
     * @throws GlanceStoreException if a digest failed
     */
    public void finishHashing() {
        if (fanOut.awaitIdle()) {
            Thread.currentThread().interrupt();
        }
        finished = true;
        throwIfFailed();
    }

    private void throwIfFailed() {
        Throwable t = fanOut.failure();
        if (t != null) {
            throw t instanceof GlanceStoreException ? (GlanceStoreException) t : new PipelineFailure(t);
        }
    }

    /** Stops the digests if unfinished, waits until they let go of every chunk, and returns the chunks. */
    @Override
    public void close() {
        if (first != null) {
            first.unref();
            first = null;
        }
        if (pending != null) {
            pending.unref();
            pending = null;
        }
        if (!finished) {
            fanOut.fail(new IllegalStateException("abandoned"));
            if (fanOut.awaitIdle()) {
                Thread.currentThread().interrupt();
            }
        }
        lease.close();
    }

    /**
     * Reads until the chunk is full or the source ends; returns the count (0 at the end). Every
     * failure of the source is a {@link SourceReadException}, unless it is a typed error already.
     */
    private int fill(InputStream in, byte[] buf, long before) {
        int filled = 0;
        try {
            while (filled < chunkLimit) {
                int n = in.read(buf, filled, chunkLimit - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
            return filled;
        } catch (GlanceStoreException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SourceReadException("reading the image data failed after " + (before + filled) + " bytes", e);
        }
    }

    /**
     * Whether a source that delivered exactly its declared size has ended, asked with a read of
     * one byte (so a small image needs no second chunk).
     */
    private static boolean atEnd(InputStream in, long declaredSize) {
        int next;
        try {
            next = in.read();
        } catch (GlanceStoreException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SourceReadException("reading the image data failed after " + declaredSize + " bytes", e);
        }
        if (next >= 0) {
            throw new SizeMismatchException("image data runs past the declared size of " + declaredSize + " bytes");
        }
        return true;
    }

    /** A failure of a stage that is not a GlanceStoreException; the caller translates it. */
    public static final class PipelineFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PipelineFailure(Throwable cause) {
            super(cause);
        }
    }
}
