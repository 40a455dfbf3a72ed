package io.glancestore.cache.internal;

import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.cache.CacheConfig;
import io.glancestore.cache.CacheStats;
import io.glancestore.cache.CachedImage;
import io.glancestore.cache.CleanupResult;
import io.glancestore.cache.ScrubResult;
import io.glancestore.exception.BackendException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * An open cache folder, shared with every other process that has it open: the parts wired
 * together. The {@link Ledger} owns the shared state; the {@link ReadPath} serves reads, the
 * {@link FillCoordinator} this process's fills, the {@link Publisher} their publication,
 * {@link Maintenance} and the {@link PrefetchQueue} the management calls, {@link Recovery} the
 * reconciliation on open, {@link CacheCounters} the counts; background work runs on the
 * executors handed in ({@link BackgroundWork}).
 */
public final class ImageCache implements CacheEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ImageCache.class);
    /** How often a process writes its hits and counts to the ledger. */
    static final long COUNTS_FLUSH_MILLIS = 1000;

    private final CacheFolder folder;
    private final OwnerLock owner;
    private final Ledger ledger;
    private final CacheCounters counters;
    private final BackgroundWork work;
    private final FillCoordinator fills;
    private final ReadPath reads;
    private final Maintenance maintenance;
    private final PrefetchQueue prefetchQueue;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ImageCache(ImageStore wrapped, CacheConfig config, Clock clock, CacheFolder folder, OwnerLock owner,
            Ledger ledger, BackgroundWork work) {
        this.folder = folder;
        this.owner = owner;
        this.ledger = ledger;
        this.work = work;
        this.counters = new CacheCounters();
        this.fills = new FillCoordinator(wrapped, clock, folder, ledger, counters, work, config.hashAlgorithm());
        this.reads = new ReadPath(fills, config.verifyHits());
        this.maintenance = new Maintenance(folder, ledger, fills, reads, clock, config.stallTime().toMillis());
        this.prefetchQueue = new PrefetchQueue(wrapped, folder, config.maxSize(), new PrefetchQueue.Cache() {
            @Override
            public ImageData get(String location) {
                return reads.get(location, 0, -1, ReadOptions.defaults());
            }

            @Override
            public boolean isCachedOrFilling(String id) {
                return ledger.find(id) != null || LedgerOwners.fillIds(ledger).contains(id);
            }

            @Override
            public boolean isClosing() {
                return fills.isClosing();
            }

            @Override
            public void flush() {
                ImageCache.this.flush();
            }
        });
    }

    /**
     * Opens the cache in its folder; a folder that cannot be used now gives a cache that reads
     * through to the store (with a warning and a counter) and tries the folder again later.
     *
     * @param wrapped the store behind the cache
     * @param config the configuration, enabled
     * @param clock the time source for last access and stall times
     * @param executor runs background work, or {@code null} for the cache's own threads
     * @param scheduler runs periodic work, or {@code null} for the cache's own thread
     * @return the cache
     */
    public static CacheEngine open(ImageStore wrapped, CacheConfig config, Clock clock, Executor executor,
            ScheduledExecutorService scheduler) {
        try {
            return openNow(wrapped, config, clock, executor, scheduler);
        } catch (IOException | SQLException | LedgerException e) {
            LOG.warn("image cache folder {} cannot be used now ({}); reads go to the store uncached until it can",
                    config.dir(), e.toString());
            return new UnavailableCache(wrapped, config, clock, executor, scheduler, e.toString());
        }
    }

    static ImageCache openNow(ImageStore wrapped, CacheConfig config, Clock clock, Executor executor,
            ScheduledExecutorService scheduler) throws IOException, SQLException {
        long t0 = System.nanoTime();
        CacheFolder folder = CacheFolder.open(config.dir());
        OwnerLock owner = OwnerLock.acquire(folder.ownersDir());
        Ledger ledger = null;
        try {
            ledger = new Ledger(openDatabase(folder, owner), folder, owner.token(), config.maxSize());
            Recovery.Report report = Recovery.run(folder, ledger);
            Recovery.log(folder, report);
            ImageCache cache = new ImageCache(wrapped, config, clock, folder, owner, ledger,
                    new BackgroundWork(executor, scheduler));
            LedgerStats.Occupancy o = LedgerStats.occupancy(ledger);
            LOG.info("image cache {} opened in {} ms: {} images, {} bytes used of {}", folder,
                    (System.nanoTime() - t0) / 1_000_000, o.cachedImages(), o.used(), config.maxSize());
            if (o.used() > config.maxSize()) {
                CleanupResult r = cache.prune();
                LOG.info("image cache {}: above its limit on open, pruned {} images ({} bytes)", folder, r.files(),
                        r.bytes());
            }
            cache.schedule(config);
            return cache;
        } catch (IOException | SQLException | RuntimeException e) {
            if (ledger != null) {
                ledger.close();
            }
            owner.close();
            throw e;
        }
    }

    /** Opens the ledger; a damaged one is set aside and rebuilt, if no other process has it open. */
    private static LedgerDatabase openDatabase(CacheFolder folder, OwnerLock owner) throws SQLException, IOException {
        try {
            return LedgerDatabase.open(folder.indexDir());
        } catch (SQLiteException e) {
            SQLiteErrorCode code = e.getResultCode();
            boolean damaged = code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT
                    || e.getMessage().contains("schema version");
            if (!damaged || !alone(folder, owner)) {
                throw e;
            }
            String aside = LedgerDatabase.FILE + ".damaged-" + System.currentTimeMillis();
            LOG.warn("image cache {}: its ledger is damaged ({}); set aside as {} and rebuilt from the folder", folder,
                    e.getMessage(), aside);
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path p = folder.indexDir().resolve(LedgerDatabase.FILE + suffix);
                if (Files.exists(p)) {
                    Files.move(p, folder.indexDir().resolve(aside + suffix));
                }
            }
            return LedgerDatabase.open(folder.indexDir());
        }
    }

    private static boolean alone(CacheFolder folder, OwnerLock owner) throws IOException {
        try (var files = Files.list(folder.ownersDir())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(t -> !t.equals(owner.token()))
                    .noneMatch(t -> OwnerLock.isAlive(folder.ownersDir(), t));
        }
    }

    private void schedule(CacheConfig config) {
        work.every(COUNTS_FLUSH_MILLIS, this::flushCountsQuietly);
        work.every(config.maintenanceInterval().toMillis(), this::maintain);
        work.every(config.prefetcherInterval().toMillis(), this::prefetchQuietly);
    }

    @Override
    public ImageData get(String location, long offset, long length, ReadOptions options) {
        return reads.get(location, offset, length, options);
    }

    @Override
    public boolean evict(String imageId) {
        return managed(() -> maintenance.evict(imageId));
    }

    @Override
    public int evictAll() {
        return managed(maintenance::evictAll);
    }

    @Override
    public List<CachedImage> list() {
        return managed(() -> {
            flushCounts();
            return ledger.entries().stream().map(CachedEntry::toCachedImage).collect(Collectors.toList());
        });
    }

    @Override
    public Optional<CachedImage> cached(String imageId) {
        return managed(() -> {
            flushCounts();
            return Optional.ofNullable(ledger.find(imageId)).map(CachedEntry::toCachedImage);
        });
    }

    @Override
    public boolean queue(String location) {
        return managed(() -> prefetchQueue.queue(location));
    }

    @Override
    public List<String> queued() {
        return prefetchQueue.queued();
    }

    @Override
    public int prefetch() {
        return managed(() -> prefetchQueue.prefetch(id -> ledger.find(id) != null));
    }

    @Override
    public boolean dequeue(String imageId) {
        return prefetchQueue.dequeue(imageId);
    }

    @Override
    public int dequeueAll() {
        return prefetchQueue.dequeueAll();
    }

    @Override
    public CleanupResult prune() {
        return managed(() -> {
            flushCounts();
            return maintenance.prune();
        });
    }

    @Override
    public CleanupResult clean() {
        return managed(maintenance::clean);
    }

    @Override
    public ScrubResult verify() {
        return managed(maintenance::verify);
    }

    @Override
    public CacheStats stats() {
        return managed(() -> {
            flushCounts();
            LedgerStats.Occupancy o = LedgerStats.occupancy(ledger);
            Map<String, Long> c = o.counters();
            return new CacheStats(ledger.maxSize(), o.used(), Math.max(o.used(), n(c, "peak_used_bytes")),
                    o.cachedBytes(), o.cachedImages(), o.fills(), n(c, "hits"), n(c, "shared_reads"), n(c, "fills"),
                    n(c, "fills_published"), n(c, "fills_failed"), n(c, "checksum_mismatches"), n(c, "pass_throughs"),
                    n(c, "evictions"), n(c, "evicted_bytes"), o.invalidFiles(), o.invalidBytes(),
                    n(c, "verification_failures"), n(c, "folder_unavailable"));
        });
    }

    private static long n(Map<String, Long> counters, String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** Waits for fills that have all their bytes to be published, and writes pending counts. */
    @Override
    public void flush() {
        fills.awaitPublished();
        managed(() -> {
            flushCounts();
            return null;
        });
    }

    private void flushCounts() {
        counters.drainTo(ledger);
    }

    private void flushCountsQuietly() {
        try {
            flushCounts();
        } catch (LedgerException e) {
            LOG.debug("{}; counts kept for the next flush", e.getMessage());
        }
    }

    private void maintain() {
        try {
            CleanupResult cleaned = clean();
            CleanupResult pruned = prune();
            if (cleaned.files() + pruned.files() > 0) {
                LOG.info("image cache {}: cleaned {} files ({} bytes), pruned {} images ({} bytes)", folder,
                        cleaned.files(), cleaned.bytes(), pruned.files(), pruned.bytes());
            }
        } catch (RuntimeException e) {
            LOG.warn("image cache {}: maintenance failed: {}", folder, e.toString());
        }
    }

    private void prefetchQuietly() {
        try {
            if (!prefetchQueue.queued().isEmpty()) {
                LOG.info("image cache {}: prefetched {} images", folder, prefetch());
            }
        } catch (RuntimeException e) {
            LOG.warn("image cache {}: prefetch failed: {}", folder, e.toString());
        }
    }

    /** A management call: a ledger that cannot be used now is a store error of the call. */
    private <T> T managed(Supplier<T> call) {
        try {
            return call.get();
        } catch (LedgerException e) {
            throw new BackendException(e.getMessage(), e);
        }
    }

    /**
     * Stops background work, publishes the fills that have all their bytes and abandons the
     * others (their readers read on from the store), writes the pending counts and lets go of
     * the folder.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            fills.close();
            work.close();
            flushCountsQuietly();
            try {
                ledger.release(ledger.strandedTrash());
            } catch (LedgerException e) {
                LOG.debug("{}", e.getMessage());
            }
        } finally {
            ledger.close();
            owner.close();
        }
    }

    @Override
    public String toString() {
        return "ImageCache{" + folder + ", maxSize=" + ledger.maxSize() + "}";
    }
}
