package io.glancestore.cache.internal;

import io.glancestore.support.TransferBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;

/**
 * One image being copied into the cache: the single flight every concurrent reader of the image
 * shares. The store's stream is opened once; whichever reader is at the frontier (usually the
 * first) pulls the next chunk from it into its own buffer, and readers behind the frontier read
 * the file. No reader ever waits for another one to call {@code read}: a reader that needs
 * bytes nobody is fetching fetches them itself. So a slow or idle reader holds nobody back, one
 * thread may interleave several streams of one image in any order, and the fill goes on when its
 * first reader closes early while others still read.
 *
 * <p>The puller does not write the file itself: it copies what it pulled into a small bounded
 * queue (at most {@link #MAX_QUEUED} bytes), and a writer thread appends it, so the file writes
 * overlap with the puller's next network wait or hash instead of adding to them. When the
 * writer falls behind, the puller waits for room: memory stays bounded. The chunks come from
 * the budget of every fill of the JVM ({@link FillBuffers}): a fill holds a permit per queued
 * chunk and none while nothing is queued, so idle and slow fills hold no memory.
 *
 * <p>When the store's bytes are a local file ({@link io.glancestore.ImageData#isLocalFile()}) and
 * the first reader does not verify them, the fill is a <em>copy</em> instead: a copier thread
 * reads the store's file by position and appends it to the cache file, while the first reader
 * reads the store's file on its own as if there were no cache. Nobody pulls; readers that join
 * read the cache file behind the copier and wait for it at its frontier. A tee would add two copies of
 * every byte to the first reader's path, which is most of a read's cost when the source is the
 * page cache.
 *
 * <p>Three positions: {@code pulled} (bytes taken from the store) &ge; {@code written} (bytes in
 * the file). Readers behind {@code written} read the file; a reader between the two waits for
 * the writer; a reader at {@code pulled} pulls.
 *
 * <p>Locking: state changes happen under the coordinator's lock and this object's monitor; pulls,
 * queueing, writes and waits use the monitor only, never the coordinator's lock. Only the puller
 * touches the store's stream, and never while holding the monitor; only the writer touches the
 * file's write position, and never while holding the monitor.
 */
final class Fill {

    /** Bytes per queued chunk. */
    static final int CHUNK = FillBuffers.CHUNK;
    /** Most bytes pulled but not yet written, per fill. */
    static final int MAX_QUEUED = 8 * CHUNK;

    enum State {
        /** Bytes are being pulled and written. */
        WRITING,
        /** Every byte is in the file; hashing, syncing and publishing happen in the background. */
        COMPLETE,
        /** Being hashed, synced and renamed into place by the publisher. */
        PUBLISHING,
        /** Renamed into place and indexed. */
        PUBLISHED,
        /** Abandoned; its file was renamed aside or quarantined. */
        FAILED
    }

    /** What a reader at a position does next. */
    enum Next {
        /** The file has bytes past the position. */
        READ_FILE,
        /** The reader is now the puller: it reads the store's stream and queues what it got. */
        PULL,
        /** The fill failed and the reader is at its frontier: it continues on the store's stream alone. */
        CLAIM,
        /** The fill failed: the reader continues with a read of its own from the store. */
        FALLBACK
    }

    /** Outcome of a pull. */
    enum Pulled {
        /** Queued for writing. */
        QUEUED,
        /** Queued, and every byte of the image has now been pulled. */
        ALL_PULLED,
        /** The fill failed meanwhile; the puller keeps the store's stream. */
        CLAIMED
    }

    /** Bytes waiting for the writer, with their place in the file. */
    private static final class Chunk {
        final ByteBuffer data;
        final long position;
        int length;
        /** Taken by the writer: its length no longer changes. */
        boolean taken;

        Chunk(ByteBuffer data, long position) {
            this.data = data;
            this.position = position;
        }
    }

    private final String id;
    private final long size;
    private final FileChannel channel;
    private final InputStream source;
    private final boolean copying;

    private volatile State state = State.WRITING;
    private volatile long written;

    // Guarded by this monitor.
    private long pulled;
    private boolean pulling;
    private boolean sourceClaimed;
    private long lastProgress;
    private int waiters;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private int queuedBytes;
    private boolean writerActive;
    private IOException writeFailure;
    private final FillBuffers buffers = FillBuffers.shared();
    /** Permits of the budget held: one per queued chunk, and one the puller reserved. */
    private int permits;
    private TransferBudget.Hold hold;

    /**
     * A fill that starts writing at once.
     *
     * @param id the image id
     * @param size the image size, reserved in the ledger
     * @param channel the fill's file, open for writing
     * @param source the store's stream that readers pull from, or {@code null} for a copy (the
     *     copier reads the store's local file by position; nobody pulls or claims)
     * @param now the start time, epoch milliseconds
     */
    Fill(String id, long size, FileChannel channel, InputStream source, long now) {
        this.id = id;
        this.size = size;
        this.channel = channel;
        this.source = source;
        this.copying = source == null;
        this.lastProgress = now;
        if (copying) {
            pulling = true;
            sourceClaimed = true;
        }
    }

    String id() {
        return id;
    }

    long size() {
        return size;
    }

    FileChannel channel() {
        return channel;
    }

    InputStream source() {
        return source;
    }

    /** Filled by a copier reading the store's local file, not by readers. */
    boolean copying() {
        return copying;
    }

    State state() {
        return state;
    }

    long written() {
        return written;
    }

    synchronized long pulled() {
        return pulled;
    }

    synchronized void setState(State next) {
        state = next;
        if (next == State.FAILED) {
            for (Chunk c : queue) {
                if (c.taken) {
                    buffers.forget(); // it may still be being written: left to the collector
                } else {
                    buffers.checkIn(c.data);
                }
            }
            queue.clear(); // the writer stops; nothing more lands in a file the cache gave up
            queuedBytes = 0;
        }
        if (next != State.WRITING) {
            givePermitsBack(0);
        }
        notifyAll();
    }

    /** The copier appended {@code n} more bytes to the file. */
    synchronized void copied(long n, long now) {
        written += n;
        pulled = written;
        lastProgress = now;
        if (waiters > 0) {
            notifyAll();
        }
    }

    synchronized long lastProgress() {
        return lastProgress;
    }

    synchronized IOException writeFailure() {
        return writeFailure;
    }

    /**
     * Decides how a reader at {@code position} gets its next bytes, waiting while another reader
     * is fetching, or the writer is writing, exactly the bytes it needs.
     */
    synchronized Next next(long position) throws InterruptedIOException {
        while (true) {
            if (written > position) {
                return Next.READ_FILE;
            }
            State s = state;
            if (s == State.WRITING && pulled == position && !pulling) {
                pulling = true;
                return Next.PULL;
            }
            if (s == State.WRITING || ((s == State.COMPLETE || s == State.PUBLISHING) && written <= position)) {
                await();
                continue;
            }
            if (s == State.FAILED && !pulling && !sourceClaimed && source != null && position == pulled) {
                sourceClaimed = true;
                return Next.CLAIM;
            }
            return Next.FALLBACK;
        }
    }

    private void await() throws InterruptedIOException {
        waiters++;
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the image cache fill of " + id);
        } finally {
            waiters--;
        }
    }

    /**
     * Whether the puller must take the fill's first chunk permit before it pulls: it holds none
     * while nothing is queued. Called by the puller only, outside the monitor's waits.
     */
    synchronized boolean needsFirstPermit() {
        return permits == 0;
    }

    /** The puller took the fill's first permit; given back at once if the fill ended meanwhile. */
    synchronized void addFirstPermit(TransferBudget.Hold taken) {
        if (state != State.WRITING || permits > 0) {
            buffers.budget().giveBack();
            taken.end();
            return;
        }
        permits = 1;
        hold = taken;
    }

    /** The puller gives its role up without pulling (it could not get a chunk); the stream stays usable. */
    synchronized void abandonPull() {
        pulling = false;
        givePermitsBack(queue.size());
        notifyAll();
    }

    /** Gives back the permits beyond {@code keep}; the hold ends with the last one. */
    private void givePermitsBack(int keep) {
        while (permits > keep) {
            permits--;
            buffers.budget().giveBack();
        }
        if (permits == 0 && hold != null) {
            hold.end();
            hold = null;
        }
    }

    /**
     * Ends a pull that brought {@code n} bytes: queues a copy of them for the writer, waiting for
     * room when the writer is behind, unless the fill failed meanwhile.
     *
     * @return the outcome; {@link #needsWriter()} tells whether a writer must be started
     */
    synchronized Pulled endPull(byte[] b, int off, int n, long now) throws InterruptedIOException {
        pulling = false;
        try {
            int done = 0;
            while (done < n) {
                if (state != State.WRITING) {
                    sourceClaimed = true;
                    return Pulled.CLAIMED;
                }
                // Small reads fill up the last chunk the writer has not taken yet.
                Chunk tail = queue.peekLast();
                if (tail == null || tail.taken || tail.length == CHUNK) {
                    if (queue.size() >= permits) {
                        if (queuedBytes + CHUNK <= MAX_QUEUED && buffers.budget().tryTakeMore()) {
                            permits++;
                        } else {
                            // The writer gives a permit back as it writes a chunk. A pull brings at
                            // most one chunk (FillReader.MAX_PULL), so whatever is queued now was
                            // queued before this pull, and the writer started then is still busy.
                            // Holding the puller's role while waiting: nobody else may pull meanwhile.
                            pulling = true;
                            try {
                                await();
                            } finally {
                                pulling = false;
                            }
                            continue;
                        }
                    }
                    tail = new Chunk(buffers.checkOut(), pulled);
                    queue.add(tail);
                    queuedBytes += CHUNK;
                }
                int k = Math.min(n - done, CHUNK - tail.length);
                tail.data.put(tail.length, b, off + done, k);
                tail.length += k;
                done += k;
                pulled += k;
            }
            lastProgress = now;
            return pulled == size ? Pulled.ALL_PULLED : Pulled.QUEUED;
        } finally {
            givePermitsBack(queue.size()); // the reserved one, when the bytes fit in the tail chunk
            notifyAll();
        }
    }

    /** Ends a pull that brought nothing because the store's stream failed; nobody may use it again. */
    synchronized void abortPull() {
        pulling = false;
        sourceClaimed = true;
        givePermitsBack(queue.size());
        notifyAll();
    }

    /**
     * Claims the writer's role if there is queued work and no writer.
     *
     * @return true if the caller must start a writer
     */
    synchronized boolean needsWriter() {
        if (writerActive || queue.isEmpty() || state != State.WRITING) {
            return false;
        }
        writerActive = true;
        return true;
    }

    /** Outcome of a writer's run. */
    enum Drained {
        /** The queue is empty for now. */
        IDLE,
        /** The whole image is in the file. */
        ALL_WRITTEN,
        /** A write failed; see {@link #writeFailure()}. */
        FAILED_WRITE,
        /** The fill failed; the queue was dropped. */
        ABANDONED
    }

    /** The writer's loop: appends queued chunks until the queue is empty. */
    Drained drain() {
        while (true) {
            Chunk c;
            int length;
            synchronized (this) {
                if (state != State.WRITING) {
                    writerActive = false;
                    notifyAll();
                    return Drained.ABANDONED;
                }
                c = queue.peek();
                if (c == null) {
                    writerActive = false;
                    notifyAll();
                    return written == size ? Drained.ALL_WRITTEN : Drained.IDLE;
                }
                c.taken = true;
                length = c.length;
            }
            try {
                ByteBuffer buf = c.data.slice(0, length);
                long pos = c.position;
                while (buf.hasRemaining()) {
                    pos += channel.write(buf, pos);
                }
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    writerActive = false;
                    if (state != State.WRITING) {
                        notifyAll();
                        return Drained.ABANDONED; // closed under the writer by a failure
                    }
                    writeFailure = e instanceof IOException ? (IOException) e : new IOException(e);
                    notifyAll();
                    return Drained.FAILED_WRITE;
                }
            }
            synchronized (this) {
                if (queue.peek() == c) {
                    queue.poll();
                    queuedBytes -= CHUNK;
                    buffers.checkIn(c.data);
                    written = c.position + length;
                    // While the puller waits for room, it reuses this chunk's permit.
                    givePermitsBack(queue.size() + (pulling ? 1 : 0));
                }
                if (waiters > 0) {
                    notifyAll();
                }
            }
        }
    }

    /** A writer claimed with {@link #needsWriter()} could not be started. */
    synchronized void writerNotStarted() {
        writerActive = false;
        notifyAll();
    }

    /** Waits until the writer has written everything queued (or stopped). */
    synchronized void awaitWriterIdle() throws InterruptedIOException {
        while (writerActive || (!queue.isEmpty() && state == State.WRITING)) {
            await();
        }
    }

    /**
     * Takes the store's stream if nobody uses or may still claim it, so it can be closed.
     *
     * @return the stream to close, or {@code null}
     */
    synchronized InputStream takeIdleSource() {
        if (pulling || sourceClaimed || source == null) {
            return null;
        }
        sourceClaimed = true;
        return source;
    }

    @Override
    public String toString() {
        return "Fill{" + id + ", " + state + ", " + written + "/" + size + "}";
    }
}
