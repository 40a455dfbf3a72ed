package io.glancestore.file.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Flushes a file being written in the background, a slice at a time, so the sync at commit has
 * little left to do. Without it, Linux keeps a whole image dirty in the page cache (background
 * writeback starts only at a share of RAM or after 30 s), and the final fsync then writes the
 * whole image to disk after the hashing is done: the add costs hashing time plus disk time
 * instead of the larger of the two. A slice is synced on its own thread while the writer goes
 * on, at most one at a time; a failure (EIO, delayed ENOSPC) surfaces at the next write.
 */
final class EarlyWriteback {

    /** Bytes written between two background syncs. */
    static final long SLICE = 64L << 20;

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final ExecutorService SYNCERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "glance-store-file-sync-" + COUNTER.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final FileChannel channel;
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
    private long syncedUpTo;

    EarlyWriteback(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Called by the writer after each write; starts a background sync when a slice has
     * accumulated and none is running.
     *
     * @param written bytes written so far
     * @throws IOException if an earlier background sync failed
     */
    void wrote(long written) throws IOException {
        if (inFlight.isDone()) {
            rethrowFailure();
            if (written - syncedUpTo >= SLICE) {
                syncedUpTo = written;
                inFlight = CompletableFuture.runAsync(this::syncData, SYNCERS);
            }
        }
    }

    /**
     * Waits for the background sync, if any, so the caller can sync and close the file.
     *
     * @throws IOException if it failed
     */
    void finish() throws IOException {
        try {
            inFlight.join();
        } catch (RuntimeException e) {
            // rethrowFailure reports it with its cause
        }
        rethrowFailure();
    }

    private void syncData() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rethrowFailure() throws IOException {
        if (!inFlight.isCompletedExceptionally()) {
            return;
        }
        try {
            inFlight.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException) {
                throw ((UncheckedIOException) cause).getCause();
            }
            throw new IOException("background sync failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while syncing", e);
        }
    }
}
