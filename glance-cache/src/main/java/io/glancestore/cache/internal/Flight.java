package io.glancestore.cache.internal;

import io.glancestore.Capability;
import io.glancestore.ImageData;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import javax.annotation.concurrent.GuardedBy;

/**
 * One fill's bookkeeping in its {@link FillCoordinator}, guarded by the coordinator's lock, and the
 * events its readers send ({@link FillEvents}): the readers' only way into the cache.
 */
final class Flight implements FillEvents {
    private final FillCoordinator c;
    final String id;
    final String location;
    @GuardedBy("c.lock")
    Fill fill;
    @GuardedBy("c.lock")
    Path path;
    @GuardedBy("c.lock")
    int participants;
    @GuardedBy("c.lock")
    CachedEntry entry;
    @GuardedBy("c.lock")
    boolean doomed;
    @GuardedBy("c.lock")
    boolean endReached;
    /** Counted in {@code pending}: all bytes pulled (or a copy), not yet published or failed. */
    @GuardedBy("c.lock")
    boolean finishing;
    @GuardedBy("c.lock")
    String expectedMd5;
    @GuardedBy("c.lock")
    String expectedAlgorithm;
    @GuardedBy("c.lock")
    String expectedMultihash;
    @GuardedBy("c.lock")
    String vouchedMd5;
    @GuardedBy("c.lock")
    String vouchedAlgorithm;
    @GuardedBy("c.lock")
    String vouchedMultihash;

    Flight(FillCoordinator coordinator, String id, String location) {
        this.c = coordinator;
        this.id = id;
        this.location = location;
    }

    @GuardedBy("c.lock")
    Publisher.Request request(String defaultAlgorithm) {
        String algorithm;
        String multihash;
        if (expectedMultihash != null) {
            algorithm = expectedAlgorithm;
            multihash = algorithm.equals(vouchedAlgorithm) ? vouchedMultihash : null;
        } else if (vouchedMultihash != null) {
            algorithm = vouchedAlgorithm;
            multihash = vouchedMultihash;
        } else {
            algorithm = defaultAlgorithm;
            multihash = null;
        }
        return new Publisher.Request(id, fill.size(), path, fill.channel(), vouchedMd5, algorithm, multihash,
                expectedMd5, expectedMultihash);
    }

    @Override
    public long now() {
        return c.clock.millis();
    }

    @Override
    public void pulled() {
        if (fill.needsWriter()) {
            try {
                c.work.execute(this::runWriter);
            } catch (RejectedExecutionException e) {
                fill.writerNotStarted();
                c.fail(this, false, "the cache is closing");
            }
        }
    }

    private void runWriter() {
        switch (fill.drain()) {
            case ALL_WRITTEN:
                c.lock.lock();
                try {
                    if (fill.state() == Fill.State.WRITING && endReached) {
                        c.completeLocked(this);
                    }
                } finally {
                    c.lock.unlock();
                }
                break;
            case FAILED_WRITE:
                c.fail(this, false, "cannot write the cache file: " + fill.writeFailure());
                break;
            default:
                break;
        }
    }

    @Override
    public void storeFailed(String reason) {
        c.fail(this, false, reason);
    }

    @Override
    public void reachedEnd(ExpectedHashes verified) {
        InputStream idle = null;
        c.lock.lock();
        try {
            if (verified != null) {
                if (verified.verifiedMd5() != null) {
                    vouchedMd5 = Digests.hex(verified.verifiedMd5());
                }
                if (verified.verifiedMultihash() != null) {
                    vouchedAlgorithm = verified.algorithm();
                    vouchedMultihash = Digests.hex(verified.verifiedMultihash());
                }
            }
            endReached = true;
            if (fill.state() == Fill.State.WRITING && !finishing) {
                // From here flush() waits for this fill: the writer and the publisher still work on it.
                finishing = true;
                c.pending++;
            }
            if (fill.state() == Fill.State.WRITING && fill.written() == fill.size()) {
                c.completeLocked(this);
            }
            if (fill.pulled() == fill.size()) {
                idle = fill.takeIdleSource();
            }
        } finally {
            c.lock.unlock();
        }
        FillCoordinator.closeQuietly(idle);
    }

    @Override
    public void mismatch(String reason) {
        try {
            fill.awaitWriterIdle(); // so the quarantined file holds every byte the reader saw
        } catch (InterruptedIOException e) {
            // quarantined with what is written so far
        }
        CachedEntry published;
        c.lock.lock();
        try {
            published = entry;
        } finally {
            c.lock.unlock();
        }
        if (published != null) {
            c.run(() -> c.ledger.quarantine(published, c.clock.millis()));
        } else {
            c.fail(this, true, reason);
        }
    }

    @Override
    public void closed() {
        InputStream idle = null;
        Runnable disposal = null;
        boolean unpin = false;
        c.lock.lock();
        try {
            if (entry != null) {
                unpin = true;
            } else {
                participants--;
                if (participants <= 0) {
                    // A fill with every byte pulled only waits for its writer, and a copy needs
                    // no reader: either is finished, not abandoned.
                    if (fill.state() == Fill.State.WRITING && !fill.copying() && fill.pulled() < fill.size()) {
                        disposal = c.failLocked(this, false, "every reader closed its stream after "
                                + fill.written() + " of " + fill.size() + " bytes");
                    }
                    idle = fill.takeIdleSource();
                }
            }
        } finally {
            c.lock.unlock();
        }
        FillCoordinator.closeQuietly(idle);
        c.run(disposal);
        if (unpin) {
            c.ledger.unpin(id);
        }
    }

    @Override
    public InputStream fallback(long position) throws IOException {
        if (position == 0) {
            return c.wrapped.get(location);
        }
        if (c.wrapped.hasCapability(Capability.READ_RANDOM) || c.wrapped.hasCapability(Capability.READ_OFFSET)) {
            return c.wrapped.get(location, position, -1);
        }
        ImageData data = c.wrapped.get(location);
        data.skipNBytes(position);
        return data;
    }
}
