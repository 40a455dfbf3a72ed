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
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import javax.annotation.concurrent.GuardedBy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache whose folder could not be used when it was opened (not writable, full, its ledger
 * locked or damaged while other processes use it...). Never a configuration error: reads go to
 * the store uncached, each counted and at most one warning a minute logged, and the folder is
 * tried again at most every {@link #RETRY_MILLIS}; once it opens, everything goes to the open
 * cache. Management calls fail with a {@link BackendException} saying why until then.
 */
final class UnavailableCache implements CacheEngine {

    private static final Logger LOG = LoggerFactory.getLogger(UnavailableCache.class);
    static final long RETRY_MILLIS = 30_000;

    private final ImageStore wrapped;
    private final CacheConfig config;
    private final Clock clock;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong passed = new AtomicLong();
    private volatile CacheEngine opened;
    @GuardedBy("this")
    private String problem;
    @GuardedBy("this")
    private long nextTry;
    @GuardedBy("this")
    private long lastWarning;
    @GuardedBy("this")
    private boolean closed;

    UnavailableCache(ImageStore wrapped, CacheConfig config, Clock clock, Executor executor,
            ScheduledExecutorService scheduler, String problem) {
        this.wrapped = wrapped;
        this.config = config;
        this.clock = clock;
        this.executor = executor;
        this.scheduler = scheduler;
        this.problem = problem;
        long now = System.currentTimeMillis();
        this.nextTry = now + RETRY_MILLIS;
        this.lastWarning = now;
    }

    /** The open cache, if the folder can be used by now. */
    private CacheEngine current() {
        CacheEngine c = opened;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            long now = System.currentTimeMillis();
            if (opened == null && !closed && now >= nextTry) {
                nextTry = now + RETRY_MILLIS;
                try {
                    opened = ImageCache.openNow(wrapped, config, clock, executor, scheduler);
                    LOG.info("image cache folder {} can be used again", config.dir());
                } catch (IOException | SQLException | RuntimeException e) {
                    problem = e.toString();
                }
            }
            return opened;
        }
    }

    private CacheEngine require() {
        CacheEngine c = current();
        if (c == null) {
            synchronized (this) {
                throw new BackendException("image cache folder " + config.dir() + " cannot be used now: " + problem);
            }
        }
        return c;
    }

    @Override
    public ImageData get(String location, long offset, long length, ReadOptions options) {
        CacheEngine c = current();
        if (c != null) {
            return c.get(location, offset, length, options);
        }
        passed.incrementAndGet();
        synchronized (this) {
            long now = System.currentTimeMillis();
            if (now - lastWarning >= 60_000) {
                lastWarning = now;
                LOG.warn("image cache folder {} cannot be used now ({}); {} reads went to the store uncached",
                        config.dir(), problem, passed.get());
            }
        }
        return wrapped.get(location, offset, length, options);
    }

    @Override
    public boolean evict(String imageId) {
        CacheEngine c = current();
        return c != null && c.evict(imageId);
    }

    @Override
    public int evictAll() {
        return require().evictAll();
    }

    @Override
    public List<CachedImage> list() {
        return require().list();
    }

    @Override
    public Optional<CachedImage> cached(String imageId) {
        CacheEngine c = current();
        return c == null ? Optional.empty() : c.cached(imageId);
    }

    @Override
    public boolean queue(String location) {
        return require().queue(location);
    }

    @Override
    public List<String> queued() {
        return require().queued();
    }

    @Override
    public int prefetch() {
        return require().prefetch();
    }

    @Override
    public boolean dequeue(String imageId) {
        return require().dequeue(imageId);
    }

    @Override
    public int dequeueAll() {
        return require().dequeueAll();
    }

    @Override
    public CleanupResult prune() {
        return require().prune();
    }

    @Override
    public CleanupResult clean() {
        return require().clean();
    }

    @Override
    public ScrubResult verify() {
        return require().verify();
    }

    @Override
    public CacheStats stats() {
        CacheEngine c = current();
        if (c == null) {
            return DisabledCache.emptyStats(config.maxSize(), passed.get());
        }
        CacheStats s = c.stats();
        return new CacheStats(s.maxSize(), s.usedBytes(), s.peakUsedBytes(), s.cachedBytes(), s.cachedImages(),
                s.fillsInProgress(), s.hits(), s.sharedReads(), s.fills(), s.fillsPublished(), s.fillsFailed(),
                s.checksumMismatches(), s.passThroughs(), s.evictions(), s.evictedBytes(), s.quarantinedFiles(),
                s.quarantinedBytes(), s.verificationFailures(), s.folderUnavailable() + passed.get());
    }

    @Override
    public void flush() {
        CacheEngine c = current();
        if (c != null) {
            c.flush();
        }
    }

    @Override
    public void close() {
        CacheEngine c;
        synchronized (this) {
            closed = true;
            c = opened;
        }
        if (c != null) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return "unavailable " + config.dir();
    }
}
