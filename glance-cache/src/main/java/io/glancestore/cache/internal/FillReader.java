package io.glancestore.cache.internal;

import io.glancestore.ProgressListener;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.BufferWaitTimeoutException;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.support.BulkInputStream;
import io.glancestore.support.SlicedFileIo;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * One reader of a {@link Fill}: the first reader of a miss (the tee) and every reader that
 * joined it (the first reader of a copy fill reads the store's stream instead). Bytes behind
 * the fill's frontier come from the fill's file through this reader's own channel (opened
 * before any rename, so publication or quarantine does not disturb it); bytes at the frontier
 * are pulled from the store's stream by this reader itself and handed to the fill's writer, or,
 * in a copy, waited for. The reader always gets exactly the store's bytes: a cache failure
 * (disk full, stall, the image deleted) only stops the copy, and the reader carries on with the
 * store's stream or a read of its own.
 *
 * <p>A reader that closes before the end leaves the fill to the other readers; when none is
 * left, the fill is abandoned and its file removed (finishing it would download bytes nobody
 * asked for; the next full read fills the cache anyway).
 */
final class FillReader extends BulkInputStream {

    private static final int TRANSFER_BUFFER = 256 * 1024;
    /** Most bytes one pull takes from the store: what fits in one of the fill's chunks. */
    static final int MAX_PULL = Fill.CHUNK;

    private final FillEvents events;
    private final Fill fill;
    private final FileChannel file;
    private final long size;
    private final ExpectedHashes hashes;
    private final ProgressListener listener;
    private final String description;
    private long position;
    private InputStream own;
    private boolean ended;
    private boolean closed;

    FillReader(FillEvents events, Fill fill, FileChannel file, ExpectedHashes hashes, ProgressListener listener,
            String description) {
        this.events = events;
        this.fill = fill;
        this.file = file;
        this.size = fill.size();
        this.hashes = hashes;
        this.listener = listener;
        this.description = description;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (position >= size) {
            if (!ended) {
                atEnd(); // an empty image: its hashes are checked on the first read
            }
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int want = (int) Math.min(len, size - position);
        int n = own != null ? readOwn(b, off, want) : readShared(b, off, want);
        position += n;
        if (hashes != null) {
            hashes.update(b, off, n);
        }
        listener.onProgress(position, size);
        if (position == size) {
            atEnd();
        }
        return n;
    }

    private int readShared(byte[] b, int off, int want) throws IOException {
        while (true) {
            switch (fill.next(position)) {
                case READ_FILE: {
                    long valid = fill.written();
                    int n = SlicedFileIo.read(file, b, off, (int) Math.min(want, valid - position), position);
                    if (n > 0) {
                        return n;
                    }
                    throw new BackendException(description + ": the cache file ends before byte " + valid);
                }
                case PULL:
                    if (!takeFirstPermit()) {
                        continue; // the fill failed for want of a chunk: this reader claims the stream
                    }
                    return pull(b, off, Math.min(want, MAX_PULL));
                case CLAIM:
                    own = fill.source();
                    return readOwn(b, off, want);
                default:
                    own = events.fallback(position);
                    return readOwn(b, off, want);
            }
        }
    }

    /**
     * Takes the fill's first chunk permit if it holds none, waiting for the budget of every fill.
     *
     * @return false if none came free in time: the fill then failed, and the reader reads on
     */
    private boolean takeFirstPermit() throws InterruptedIOException {
        if (!fill.needsFirstPermit()) {
            return true;
        }
        try {
            fill.addFirstPermit(FillBuffers.shared().budget().takeFirst(description));
            return true;
        } catch (InterruptedException e) {
            fill.abandonPull();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(description + ": interrupted while waiting for a cache fill buffer");
        } catch (BufferWaitTimeoutException e) {
            fill.abandonPull();
            events.storeFailed(e.getMessage());
            return false;
        }
    }

    private int pull(byte[] b, int off, int want) throws IOException {
        int n;
        try {
            n = fill.source().read(b, off, want);
        } catch (IOException | RuntimeException | Error e) {
            fill.abortPull();
            events.storeFailed("the store's stream failed: " + e);
            throw e;
        }
        if (n <= 0) {
            fill.abortPull();
            events.storeFailed("the store ended the data after " + position + " of " + size + " bytes");
            throw new BackendException(description + ": the store ended the data after " + position + " of "
                    + size + " bytes");
        }
        if (fill.endPull(b, off, n, events.now()) == Fill.Pulled.CLAIMED) {
            own = fill.source();
        } else {
            events.pulled();
        }
        return n;
    }

    private int readOwn(byte[] b, int off, int want) throws IOException {
        int n = own.read(b, off, want);
        if (n < 0) {
            throw new BackendException(description + ": the store ended the data after " + position + " of "
                    + size + " bytes");
        }
        return n;
    }

    private void atEnd() {
        ended = true;
        if (hashes != null) {
            ChecksumMismatchException e = hashes.check(description);
            if (e != null) {
                events.mismatch(e.getMessage());
                throw e;
            }
        }
        events.reachedEnd(hashes);
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        return transferInReadsOf(out, Math.min(TRANSFER_BUFFER, size - position));
    }

    @Override
    public int available() throws IOException {
        if (own != null) {
            return (int) Math.min(own.available(), size - position);
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, fill.written() - position));
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (hashes != null) {
            hashes.abandon();
        }
        try {
            file.close();
        } finally {
            try {
                if (own != null) {
                    own.close();
                }
            } finally {
                events.closed();
            }
        }
    }
}
