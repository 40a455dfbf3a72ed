package io.glancestore.cache.internal;

import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ProgressListener;
import io.glancestore.ReadOptions;
import io.glancestore.cache.internal.CacheCounters.Counter;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.InvalidException;
import io.glancestore.exception.InvalidRangeException;
import io.glancestore.location.StoreLocation;
import io.glancestore.support.CheckedImageStream;
import java.io.InputStream;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read through the cache: a hit from a verified copy, else the fill coordinator, else the store
 * uncached. The entries this process has used are kept in memory, so a hit costs no ledger
 * access: the file's identity, checked on every hit, tells whether the entry still describes it
 * (another process may have evicted it, published it again or quarantined it); only when it
 * does not is the ledger asked again. Hits are counted in memory and written in batches.
 */
final class ReadPath {

    private static final Logger LOG = LoggerFactory.getLogger(ReadPath.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final long WARN_INTERVAL_MILLIS = 60_000;

    private final ImageStore wrapped;
    private final Clock clock;
    private final Ledger ledger;
    private final CacheCounters counters;
    private final FillCoordinator fills;
    private final VerifiedOpen opener;
    private final boolean verifyHits;
    private final ConcurrentHashMap<String, CachedEntry> known = new ConcurrentHashMap<>();
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE / 2);

    /** Joins the fills of a coordinator, and reads through its store, folder and ledger. */
    ReadPath(FillCoordinator fills, boolean verifyHits) {
        this.wrapped = fills.wrapped;
        this.clock = fills.clock;
        this.ledger = fills.ledger;
        this.counters = fills.counters;
        this.fills = fills;
        this.opener = new VerifiedOpen(fills.folder, fills.ledger);
        this.verifyHits = verifyHits;
    }

    /** Reads with {@link ImageStore#get(String, long, long, ReadOptions)}'s contract. */
    ImageData get(String location, long offset, long length, ReadOptions options) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(options, "options");
        boolean ranged = offset > 0 || length >= 0;
        if (offset < 0 || length < -1 || !wrapped.hasCapability(Capability.READ_ACCESS)
                || (ranged && !rangesAllowed(offset, length))) {
            // The wrapped store refuses these with its own typed error.
            return wrapped.get(location, offset, length, options);
        }
        StoreLocation loc = wrapped.location(location);
        String id = loc.imageId();
        if (!CacheFolder.isCacheableId(id)) {
            return passThrough(location, offset, length, options);
        }
        if (options.expectedMultihash() != null) {
            Digests.create(options.hashAlgorithm()); // an unknown algorithm fails before any I/O
        }
        String what = "get of " + loc + " through the image cache";
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                CachedEntry entry = lookup(id);
                if (entry != null) {
                    ImageData data = hit(entry, offset, length, options, what);
                    if (data != null) {
                        return data;
                    }
                    continue; // the copy was not usable: decide again
                }
                FillCoordinator.Attempt a = fills.read(id, location, offset, length, options, what);
                if (a.data() != null) {
                    return a.data();
                }
                if (a.passThrough()) {
                    return passThrough(location, offset, length, options);
                }
            }
        } catch (LedgerException e) {
            if (fills.isClosing()) {
                return passThrough(location, offset, length, options);
            }
            warnUnavailable(e);
            counters.add(Counter.FOLDER_UNAVAILABLE);
            return wrapped.get(location, offset, length, options);
        }
        return passThrough(location, offset, length, options);
    }

    private void warnUnavailable(LedgerException e) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_MILLIS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("{}; reads go to the store uncached until it can be used again", e.getMessage());
        }
    }

    private CachedEntry lookup(String id) {
        CachedEntry e = known.get(id);
        if (e == null) {
            e = ledger.find(id);
            if (e != null) {
                known.put(id, e);
            }
        }
        return e;
    }

    /** Forgets what this process knew of an image (it was removed or quarantined). */
    void forget(String id) {
        known.remove(id);
    }

    private boolean rangesAllowed(long offset, long length) {
        if (wrapped.hasCapability(Capability.READ_RANDOM)) {
            return true;
        }
        return (offset == 0 || wrapped.hasCapability(Capability.READ_OFFSET))
                && (length < 0 || wrapped.hasCapability(Capability.READ_CHUNK));
    }

    private ImageData passThrough(String location, long offset, long length, ReadOptions options) {
        counters.add(Counter.PASS_THROUGHS);
        return wrapped.get(location, offset, length, options);
    }

    /**
     * Serves a hit from a verified copy.
     *
     * @return the bytes, or {@code null} when the copy turned out gone or bad (quarantined)
     */
    private ImageData hit(CachedEntry e, long offset, long length, ReadOptions options, String what) {
        if (offset > e.size()) {
            throw new InvalidRangeException(what + ": offset " + offset + " is past the end of the " + e.size()
                    + "-byte image");
        }
        long n = length < 0 ? e.size() - offset : Math.min(length, e.size() - offset);
        boolean whole = offset == 0 && n == e.size();
        if (options.verifies() && !whole) {
            throw new InvalidException(what + ": expected hashes apply to whole-image reads only");
        }
        if (options.verifies() && e.contradicts(options)) {
            // The caller's hashes are not those of the image this copy was verified to be: the
            // caller's read fails, the copy is left alone (it is not the copy's fault).
            throw new ChecksumMismatchException(what + ": the expected hashes differ from the cached image's (md5 "
                    + e.md5() + ", " + e.algorithm() + " " + e.multihash() + ")");
        }
        ledger.pin(e.id());
        VerifiedOpen.Result r;
        try {
            r = opener.open(e);
        } catch (RuntimeException ex) {
            ledger.unpin(e.id());
            throw ex;
        }
        if (r.status() != VerifiedOpen.Status.OK) {
            ledger.unpin(e.id());
            known.remove(e.id());
            if (r.status() == VerifiedOpen.Status.GONE) {
                ledger.forgetMissing(r.entry());
            } else {
                quarantine(r.entry(), r.problem());
            }
            return null;
        }
        CachedEntry entry = r.entry();
        known.put(entry.id(), entry);
        counters.hit(entry.id(), clock.millis());
        InputStream in = new CachedFileStream(r.channel(), offset, n, what,
                () -> quarantine(entry, "the file is shorter than recorded"), () -> ledger.unpin(entry.id()));
        boolean full = verifyHits && whole;
        if (full) {
            in = new CheckedImageStream(in, n, ProgressListener.NONE, entry.recordedHashes(),
                    what + ": the cached copy, fully verified after its bytes were delivered,", ex -> {
                        if (ex instanceof ChecksumMismatchException) {
                            quarantine(entry, ex.getMessage());
                        }
                    });
        }
        if (CheckedImageStream.needed(options.progressListener(), options)) {
            // With full verification on, a caller whose hashes the record vouches for is checked by it.
            ReadOptions checks = full && entry.vouchesFor(options)
                    ? ReadOptions.builder().progressListener(options.progressListener()).build() : options;
            in = new CheckedImageStream(in, n, options.progressListener(), checks, what, ex -> {
                if (ex instanceof ChecksumMismatchException && entry.vouchesFor(options)) {
                    quarantine(entry, ex.getMessage()); // the recorded hashes agree with the caller's
                }
            });
        }
        return ImageData.of(in, offset, n, entry.size());
    }

    private void quarantine(CachedEntry e, String problem) {
        counters.add(Counter.VERIFICATION_FAILURES);
        known.remove(e.id());
        try {
            if (ledger.quarantine(e, clock.millis())) {
                LOG.warn("image cache: cached image {} failed its check ({}); quarantined, read from the store",
                        e.id(), problem);
            }
        } catch (LedgerException ex) {
            LOG.warn("{}; cached image {} failed its check ({}) and could not be quarantined", ex.getMessage(),
                    e.id(), problem);
        }
    }
}
