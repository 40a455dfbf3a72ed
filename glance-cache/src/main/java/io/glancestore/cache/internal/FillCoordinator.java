package io.glancestore.cache.internal;

import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.cache.internal.CacheCounters.Counter;
import io.glancestore.exception.InvalidException;
import io.glancestore.support.CheckedImageStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.annotation.concurrent.GuardedBy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fills of this process: at most one per image here, and (through the {@link Ledger}) at
 * most one per image on the node. The first reader of a miss opens the store once, reserves room
 * node-wide and becomes the fill's first reader (a tee), or reads the store's local file while a
 * copier fills the cache; readers of this process that come meanwhile join the fill. A miss whose
 * image another process is filling reads the store uncached: the folder never gets a second
 * download of it, and the reader never waits on another process.
 *
 * <p>Each fill's bookkeeping is a {@link Flight}, guarded by this coordinator's lock, which is held
 * for O(1) work only: the store is opened, room reserved and files renamed outside it. Readers
 * talk to it through {@link FillEvents} only.
 */
final class FillCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(FillCoordinator.class);

    /** What a read without a complete copy does: bytes to return, the store uncached, or look again. */
    record Attempt(ImageData data, boolean passThrough, boolean retry) {
        static final Attempt PASS = new Attempt(null, true, false);
        static final Attempt RETRY = new Attempt(null, false, true);
    }

    final ImageStore wrapped;
    final Clock clock;
    final CacheFolder folder;
    final Ledger ledger;
    final CacheCounters counters;
    final BackgroundWork work;
    private final Publisher publisher;
    private final String hashAlgorithm;
    final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    @GuardedBy("lock")
    private final Map<String, Flight> flights = new HashMap<>();
    /** Fills that have all their bytes (or are copies) and are not yet published or failed. */
    @GuardedBy("lock")
    int pending;
    @GuardedBy("lock")
    private boolean closing;

    FillCoordinator(ImageStore wrapped, Clock clock, CacheFolder folder, Ledger ledger, CacheCounters counters,
            BackgroundWork work, String hashAlgorithm) {
        this.wrapped = wrapped;
        this.clock = clock;
        this.folder = folder;
        this.ledger = ledger;
        this.counters = counters;
        this.work = work;
        this.hashAlgorithm = hashAlgorithm;
        this.publisher = new Publisher(ledger, folder, clock);
    }

    /**
     * A read of an image with no complete copy: joins this process's fill of it, or starts one.
     *
     * @param offset where the read starts; a fill serves whole reads only
     * @param length bytes asked, or -1
     */
    Attempt read(String id, String location, long offset, long length, ReadOptions options, String what) {
        Flight own;
        lock.lock();
        try {
            while (true) {
                if (closing || offset > 0) {
                    return Attempt.PASS;
                }
                Flight f = flights.get(id);
                if (f == null) {
                    own = new Flight(this, id, location);
                    flights.put(id, own);
                    break;
                }
                if (f.fill == null) {
                    if (length >= 0) {
                        return Attempt.PASS; // maybe a range: not worth waiting for
                    }
                    changed.awaitUninterruptibly();
                    continue;
                }
                if (f.doomed || (length >= 0 && length < f.fill.size())) {
                    return Attempt.PASS;
                }
                FileChannel ch;
                try {
                    ch = FileChannel.open(f.path, StandardOpenOption.READ);
                } catch (IOException e) {
                    return f.fill.state() == Fill.State.PUBLISHING ? Attempt.RETRY : Attempt.PASS;
                }
                f.participants++;
                counters.add(Counter.SHARED_READS);
                long size = f.fill.size();
                return new Attempt(ImageData.of(new FillReader(f, f.fill, ch, ExpectedHashes.of(options),
                        options.progressListener(), what), 0, size, size), false, false);
            }
        } finally {
            lock.unlock();
        }
        return start(own, location, length, options, what);
    }

    /** The first reader of a miss: opens the store once, reserves room, starts the fill. */
    private Attempt start(Flight f, String location, long length, ReadOptions options, String what) {
        ImageData data;
        try {
            // Opened without the caller's listener and hashes: every reader of the fill reports
            // and checks for itself, so a store that does not check hashes still cannot get bad
            // bytes published.
            data = wrapped.get(location, 0, length, ReadOptions.defaults());
        } catch (RuntimeException | Error e) {
            cancel(f);
            throw e;
        }
        try {
            long size = data.imageSize();
            if (data.length() != size) {
                cancel(f);
                if (options.verifies()) {
                    closeQuietly(data);
                    throw new InvalidException(what + ": expected hashes apply to whole-image reads only");
                }
                return uncached(data, options, what, Counter.PASS_THROUGHS);
            }
            Ledger.Reservation r;
            try {
                counters.drainTo(ledger); // this process's own hits count in the LRU order it evicts by
                r = ledger.reserve(f.id, size, clock.millis());
                if ((r.outcome() == Ledger.Outcome.BUSY || r.outcome() == Ledger.Outcome.NO_ROOM)
                        && LedgerOwners.reclaimDeadOwners(ledger, folder)[0] > 0) {
                    r = ledger.reserve(f.id, size, clock.millis()); // a dead process held the fill or the room
                }
                if (r.outcome() == Ledger.Outcome.GRANTED && !ledger.victimsGone(f.id, r.victims())) {
                    ledger.release(ledger.endFill(f.id, folder.incomplete(f.id), false, clock.millis()));
                    r = new Ledger.Reservation(Ledger.Outcome.NO_ROOM, List.of());
                }
            } catch (LedgerException e) {
                LOG.warn("{}; reading image {} uncached", e.getMessage(), f.id);
                cancel(f);
                return uncached(data, options, what, Counter.FOLDER_UNAVAILABLE);
            }
            if (r.outcome() == Ledger.Outcome.CACHED) {
                cancel(f);
                closeQuietly(data);
                return Attempt.RETRY;
            }
            if (r.outcome() != Ledger.Outcome.GRANTED) {
                cancel(f);
                return uncached(data, options, what, Counter.PASS_THROUGHS);
            }
            // A store's local file is copied by position beside the reader; a verifying reader
            // tees instead, so its check vouches for the very bytes the cache keeps.
            boolean copy = data.isLocalFile() && !options.verifies();
            Path path = folder.incomplete(f.id);
            FileChannel writeChannel = null;
            FileChannel readChannel = null;
            try {
                writeChannel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.READ, StandardOpenOption.WRITE);
                if (!copy) {
                    readChannel = FileChannel.open(path, StandardOpenOption.READ);
                }
            } catch (IOException e) {
                LOG.warn("image cache {}: cannot create {}: {}; reading image {} uncached", folder, path, e, f.id);
                closeQuietly(writeChannel);
                cancel(f);
                ledger.release(ledger.endFill(f.id, path, false, clock.millis()));
                return uncached(data, options, what, Counter.PASS_THROUGHS);
            }
            Fill fill = new Fill(f.id, size, writeChannel, copy ? null : data, clock.millis());
            Runnable abandoned = null;
            lock.lock();
            try {
                f.fill = fill;
                f.path = path;
                f.expectedMd5 = options.expectedMd5();
                f.expectedAlgorithm = options.expectedMultihash() != null ? Digests.glanceName(options.hashAlgorithm())
                        : null;
                f.expectedMultihash = options.expectedMultihash();
                if (copy) {
                    pending++; // a copy ends without readers: flush() waits for its copier from the start
                } else {
                    f.participants = 1;
                }
                counters.add(Counter.FILLS);
                if (f.doomed || closing) {
                    abandoned = failLocked(f, false, closing ? "the cache is closing" : "the image was deleted");
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            run(abandoned);
            if (copy) {
                return new Attempt(startCopy(f, data, options, what), false, false);
            }
            // Even when abandoned at once, the reader goes through the fill: it claims the
            // store's stream and reads on uncached.
            return new Attempt(ImageData.of(new FillReader(f, fill, readChannel, ExpectedHashes.of(options),
                    options.progressListener(), what), 0, size, size), false, false);
        } catch (RuntimeException | Error e) {
            cancel(f);
            closeQuietly(data);
            throw e;
        }
    }

    private Attempt uncached(ImageData data, ReadOptions options, String what, Counter why) {
        counters.add(why);
        return new Attempt(asCallerWouldGet(data, options, what), false, false);
    }

    /** A store stream opened with default options, given the caller's listener and hash checks. */
    private static ImageData asCallerWouldGet(ImageData data, ReadOptions options, String what) {
        if (!CheckedImageStream.needed(options.progressListener(), options)) {
            return data;
        }
        return ImageData.of(new CheckedImageStream(data, data.length(), options.progressListener(), options, what,
                null), data.offset(), data.length(), data.imageSize());
    }

    /** Gives the first reader of a copy fill the store's stream, shared with the copier. */
    private ImageData startCopy(Flight f, ImageData data, ReadOptions options, String what) {
        SharedSource shared = new SharedSource(data);
        boolean copying = false;
        if (f.fill.state() == Fill.State.WRITING) {
            try {
                work.execute(() -> runCopier(f, shared));
                copying = true;
            } catch (RejectedExecutionException e) {
                fail(f, false, "the cache is closing");
            }
        }
        if (!copying) {
            pendingDone();
            try {
                shared.release(); // the copier's hold
            } catch (IOException e) {
                // the reader still holds the stream: it is not closed here
            }
        }
        ImageData own = ImageData.ofLocalFile(shared, data::readAt, data.offset(), data.length(), data.imageSize());
        return asCallerWouldGet(own, options, what);
    }

    /**
     * A copy fill's copier: reads the store's local file by position and appends it to the
     * fill's file, a chunk at a time so joined readers and the stall check see it progress.
     * Plain reads and writes rather than {@code sendfile}: the kernel's splice path fills the
     * new file with small pages, which later hits would read measurably slower.
     */
    private void runCopier(Flight f, SharedSource shared) {
        Fill fill = f.fill;
        ByteBuffer buf = FillBuffers.shared().checkOut(); // outside the budget: see FillBuffers
        try {
            for (long position = 0; position < fill.size(); ) {
                if (fill.state() != Fill.State.WRITING) {
                    return; // abandoned: its file is already renamed aside
                }
                int n;
                try {
                    buf.clear();
                    n = shared.data().readAt(position, buf);
                    if (n > 0) {
                        buf.flip();
                        for (long at = position; buf.hasRemaining(); ) {
                            at += fill.channel().write(buf, at);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    fail(f, false, "cannot copy the store's file: " + e);
                    return;
                }
                if (n <= 0) {
                    fail(f, false, "the store's file ended after " + position + " of " + fill.size() + " bytes");
                    return;
                }
                position += n;
                fill.copied(n, clock.millis());
            }
            lock.lock();
            try {
                completeLocked(f);
            } finally {
                lock.unlock();
            }
        } finally {
            FillBuffers.shared().checkIn(buf);
            try {
                shared.release();
            } catch (IOException e) {
                LOG.debug("image cache {}: closing the store's stream of image {}: {}", folder, f.id, e.toString());
            }
            pendingDone();
        }
    }

    private void pendingDone() {
        lock.lock();
        try {
            pending--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops a fill that never started writing, so waiting readers decide again. */
    private void cancel(Flight f) {
        lock.lock();
        try {
            if (f.fill == null && flights.get(f.id) == f) {
                flights.remove(f.id);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void fail(Flight f, boolean quarantine, String reason) {
        Runnable disposal;
        lock.lock();
        try {
            disposal = failLocked(f, quarantine, reason);
        } finally {
            lock.unlock();
        }
        run(disposal);
    }

    /**
     * Abandons a fill: no byte is appended after this, and its id is free in this process at
     * once. Its file is quarantined or renamed aside by the returned work, to run after the
     * lock is released (it is a ledger transaction).
     */
    @GuardedBy("lock")
    Runnable failLocked(Flight f, boolean quarantine, String reason) {
        Fill fill = f.fill;
        if (fill == null || fill.state() == Fill.State.PUBLISHING) {
            f.doomed = true;
            return null;
        }
        Fill.State s = fill.state();
        if (s != Fill.State.WRITING && s != Fill.State.COMPLETE) {
            return null;
        }
        fill.setState(Fill.State.FAILED);
        counters.add(Counter.FILLS_FAILED);
        if (s == Fill.State.WRITING && f.finishing) {
            pending--; // a complete fill is counted down by its publication instead
        }
        closeQuietly(fill.channel());
        flights.remove(f.id, f);
        changed.signalAll();
        if (fill.written() == fill.size() || f.participants <= 0) {
            // Readers behind the frontier have the rest in their file: the stream is idle.
            closeQuietly(fill.takeIdleSource());
        }
        if (quarantine) {
            LOG.warn("image cache {}: fill of image {} quarantined in {}/: {}", folder, f.id, CacheFolder.INVALID, reason);
        } else {
            LOG.debug("image cache {}: fill of image {} abandoned: {}", folder, f.id, reason);
        }
        Path path = f.path;
        return () -> ledger.release(ledger.endFill(f.id, path, quarantine, clock.millis()));
    }

    void run(Runnable disposal) {
        if (disposal != null) {
            try {
                disposal.run();
            } catch (LedgerException e) {
                LOG.warn("{}; what the fill left is reclaimed later", e.getMessage());
            }
        }
    }

    @GuardedBy("lock")
    void completeLocked(Flight f) {
        if (f.fill.state() != Fill.State.WRITING) {
            return;
        }
        if (!f.finishing) {
            f.finishing = true;
            pending++;
        }
        f.fill.setState(Fill.State.COMPLETE);
        try {
            work.execute(() -> finish(f));
        } catch (RejectedExecutionException e) {
            // Only once closed: nobody will count this fill down, so fail it as still writing.
            f.fill.setState(Fill.State.WRITING);
            run(failLocked(f, false, "the cache is closing")); // rare: the ledger never takes this lock
        }
    }

    /** Background end of a fill: hashes, syncs, publishes; or quarantines on a mismatch. */
    private void finish(Flight f) {
        try {
            Publisher.Request request;
            lock.lock();
            try {
                if (f.fill.state() != Fill.State.COMPLETE) {
                    return; // abandoned meanwhile
                }
                f.fill.setState(Fill.State.PUBLISHING);
                request = f.request(hashAlgorithm);
            } finally {
                lock.unlock();
            }
            Publisher.Result result = publisher.publish(request);
            Runnable after = null;
            boolean evictNow = false;
            lock.lock();
            try {
                if (result.entry() == null) {
                    f.fill.setState(Fill.State.COMPLETE);
                    after = failLocked(f, result.mismatch() != null,
                            result.mismatch() != null ? result.mismatch() : result.failure());
                } else {
                    f.entry = result.entry();
                    for (int i = 0; i < f.participants; i++) {
                        ledger.pin(f.id); // readers still on the fill's file keep reading it
                    }
                    f.fill.setState(Fill.State.PUBLISHED);
                    flights.remove(f.id, f);
                    evictNow = f.doomed;
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
            run(after);
            closeQuietly(f.fill.channel());
            if (evictNow) {
                run(() -> ledger.remove(List.of(f.id)));
            }
            if (result.entry() != null) {
                LOG.debug("image cache {}: cached image {} ({} bytes)", folder, f.id, f.fill.size());
            }
        } catch (RuntimeException e) {
            LOG.warn("image cache {}: publishing image {} failed: {}", folder, f.id, e.toString());
        } finally {
            pendingDone();
        }
    }

    /** Abandons this process's fill of an image, if any (the image is being removed). */
    void abandon(String id, String reason) {
        Runnable disposal = null;
        lock.lock();
        try {
            Flight f = flights.get(id);
            if (f != null) {
                disposal = failLocked(f, false, reason);
            }
        } finally {
            lock.unlock();
        }
        run(disposal);
    }

    /**
     * Removes this process's fills that made no progress since {@code cutoff}.
     *
     * @return bytes those fills had written, per fill
     */
    List<Long> abandonStalled(long cutoff, String reason) {
        List<Flight> stalled = new ArrayList<>();
        lock.lock();
        try {
            for (Flight f : flights.values()) {
                if (f.fill != null && f.fill.state() == Fill.State.WRITING && f.fill.lastProgress() < cutoff) {
                    stalled.add(f);
                }
            }
        } finally {
            lock.unlock();
        }
        List<Long> written = new ArrayList<>();
        for (Flight f : stalled) {
            try {
                f.fill.awaitWriterIdle(); // nothing pulls into a stalled fill: its writer is done or nearly
            } catch (InterruptedIOException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long w = f.fill.written();
            fail(f, false, reason);
            if (f.fill.state() == Fill.State.FAILED) {
                written.add(w);
                LOG.info("image cache {}: removed stalled fill of image {} ({} bytes written)", folder, f.id, w);
            }
        }
        return written;
    }

    /** Waits until every fill that has all its bytes is published or failed. */
    void awaitPublished() {
        lock.lock();
        try {
            while (pending > 0) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closing: new reads pass through; copies still being written are abandoned, fills that have
     * all their bytes are published, the rest abandoned (their readers read on from the store).
     */
    void close() {
        List<Runnable> disposals = new ArrayList<>();
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            for (Flight f : new ArrayList<>(flights.values())) {
                if (f.fill != null && f.fill.copying() && f.fill.state() == Fill.State.WRITING) {
                    disposals.add(failLocked(f, false, "the cache is closing"));
                }
            }
        } finally {
            lock.unlock();
        }
        disposals.forEach(this::run);
        disposals.clear();
        awaitPublished();
        lock.lock();
        try {
            for (Flight f : new ArrayList<>(flights.values())) {
                disposals.add(failLocked(f, false, "the cache is closing"));
            }
        } finally {
            lock.unlock();
        }
        disposals.forEach(this::run);
    }

    boolean isClosing() {
        lock.lock();
        try {
            return closing;
        } finally {
            lock.unlock();
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing more to do
            }
        }
    }
}
