package io.glancestore.internal;

import io.glancestore.exception.BackendException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.SizeMismatchException;
import io.glancestore.exception.SourceReadException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Moves an image from the caller's stream to several stages (md5, multihash, verifier, the
 * driver's write) that run at the same time on their own threads. The caller's thread only
 * reads the source into a small fixed pool of buffers; each buffer goes back to the pool once
 * every stage has seen it, so memory stays bounded whatever the image size, and the add runs
 * at the speed of the slowest stage rather than the sum of all.
 */
final class AddPipeline {

    private final ChunkFanOut fanOut;

    AddPipeline(int chunkSize, int chunkCount) {
        this.fanOut = new ChunkFanOut(chunkSize, chunkCount);
    }

    /** How many chunks of a given size to keep in flight: enough to overlap, bounded in bytes. */
    static int chunkCountFor(int chunkSize) {
        long budget = 16L << 20;
        return (int) Math.max(3, Math.min(8, budget / chunkSize));
    }

    void addStage(String name, ChunkHandler handler) {
        fanOut.addStage(name, handler);
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
        long total = 0;
        boolean interrupted = false;
        try {
            while (fanOut.failure() == null) {
                ChunkFanOut.Chunk chunk = fanOut.acquire();
                int n;
                try {
                    n = fill(source, chunk.data);
                } catch (IOException e) {
                    fanOut.release(chunk);
                    fanOut.fail(new SourceReadException("reading the image data failed after " + total + " bytes", e));
                    break;
                } catch (GlanceStoreException e) {
                    fanOut.release(chunk);
                    fanOut.fail(e);
                    break;
                } catch (RuntimeException e) {
                    fanOut.release(chunk);
                    fanOut.fail(new SourceReadException("reading the image data failed after " + total + " bytes", e));
                    break;
                }
                if (n == 0) {
                    fanOut.release(chunk);
                    break;
                }
                total += n;
                if (declaredSize >= 0 && total > declaredSize) {
                    fanOut.release(chunk);
                    fanOut.fail(new SizeMismatchException("image data runs past the declared size of "
                            + declaredSize + " bytes"));
                    break;
                }
                chunk.length = n;
                fanOut.publish(chunk);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            fanOut.fail(new BackendException("image add interrupted after " + total + " bytes", e));
        }
        if (fanOut.awaitIdle()) {
            interrupted = true;
            fanOut.fail(new BackendException("image add interrupted after " + total + " bytes"));
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (fanOut.failure() == null && declaredSize >= 0 && total != declaredSize) {
            fanOut.fail(new SizeMismatchException("image data ended after " + total
                    + " bytes but " + declaredSize + " were declared"));
        }
        Throwable t = fanOut.failure();
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

    /** A failure of a stage that is not a GlanceStoreException; the caller translates it. */
    static final class PipelineFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PipelineFailure(Throwable cause) {
            super(cause);
        }
    }
}
