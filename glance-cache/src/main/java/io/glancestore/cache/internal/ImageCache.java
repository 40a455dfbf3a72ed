package io.glancestore.cache.internal;

import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ProgressListener;
import io.glancestore.ReadOptions;
import io.glancestore.cache.CacheConfig;
import io.glancestore.cache.CacheStats;
import io.glancestore.cache.CachedImage;
import io.glancestore.cache.CleanupResult;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.InvalidException;
import io.glancestore.exception.InvalidRangeException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.internal.ParallelDigests;
import io.glancestore.location.StoreLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache itself, behind {@code CachingImageStore}: the index, the space accounting, the fills
 * in progress and the folder, all guarded by one lock that is only ever held for O(1) work or
 * a rename (never for a data copy, a hash or an unlink of a large file).
 *
 * <p>Space accounting: {@code used} counts every byte of image data that is or may soon be in
 * the folder: complete images, the full size of each fill in progress (reserved before its first
 * byte is written), quarantined files, and files renamed aside but not yet unlinked. It is only
 * decreased after a file is actually gone, and a fill reserves its size, evicting least recently
 * used unpinned images (quarantined files first) to make room, before it writes anything. So the
 * folder never holds more than {@code maxSize} bytes of image data.
 */
public final class ImageCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImageCache.class);
    private static final int HASH_BUFFER = 1 << 20;
    private static final long JOURNAL_FLUSH_SECONDS = 5;

    private final ImageStore wrapped;
    private final Clock clock;
    private final CacheFolder folder;
    private final IndexStore indexStore;
    private final LruIndex index = new LruIndex();
    private final Map<String, Fill> fills = new HashMap<>();
    private final LinkedHashMap<String, InvalidFile> invalid = new LinkedHashMap<>();
    private final List<Trash> stuck = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final long maxSize;
    private final long stallMillis;
    private final String hashAlgorithm;
    private final ThreadPoolExecutor finisher;
    private final ThreadPoolExecutor writers;
    private final ThreadPoolExecutor copiers;
    private final ScheduledExecutorService scheduler;
    private final Object prefetchRun = new Object();

    private long used;
    private long peakUsed;
    private int pendingFinishes;
    private boolean closing;
    private boolean closed;

    private long hits;
    private long sharedReads;
    private long fillsStarted;
    private long fillsPublished;
    private long fillsFailed;
    private long mismatches;
    private long passThroughs;
    private long evictions;
    private long evictedBytes;

    /** A quarantined file: its size and since when (epoch ms), oldest first in {@link #invalid}. */
    private record InvalidFile(long size, long since) {
    }

    /** A file renamed aside, to unlink outside the lock, and the bytes it accounts for. */
    private record Trash(Path path, long bytes) {
    }

    private enum Kind { HIT, JOIN, OWN, PASS }

    private record Decision(Kind kind, IndexEntry entry, long length, Fill fill, ImageData data) {
        static final Decision PASS = new Decision(Kind.PASS, null, 0, null, null);
    }

    private ImageCache(ImageStore wrapped, CacheConfig config, Clock clock) {
        this.wrapped = wrapped;
        this.clock = clock;
        this.maxSize = config.maxSize();
        this.stallMillis = config.stallTime().toMillis();
        this.hashAlgorithm = config.hashAlgorithm();
        this.folder = CacheFolder.open(config.dir());
        this.indexStore = new IndexStore(folder.indexDir());
        // Hashing and syncing a finished fill is background work: at most two at a time so
        // readers keep the cores they need.
        this.finisher = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads("glance-cache-finisher"));
        this.finisher.allowCoreThreadTimeOut(true);
        // Fill writes run beside the readers that pulled the bytes; one writer per core is
        // enough to keep up with page-cache writes.
        int cores = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.writers = new ThreadPoolExecutor(cores, cores, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads("glance-cache-writer"));
        this.writers.allowCoreThreadTimeOut(true);
        // One thread per copy fill, apart from the writers: a long copy never holds up a tee.
        this.copiers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonThreads("glance-cache-copier"));
        boolean schedule = !config.maintenanceInterval().isZero() || !config.prefetcherInterval().isZero();
        this.scheduler = schedule ? new ScheduledThreadPoolExecutor(2, daemonThreads("glance-cache-maintenance")) : null;
    }

    /**
     * Opens the cache in its folder: removes what a crashed fill left in {@code incomplete/},
     * loads the index (rebuilding it from the folder when missing or damaged), reconciles it with
     * the files present, prunes down to the limit if the limit was lowered, and starts the
     * background scheduler.
     *
     * @param wrapped the store behind the cache
     * @param config the configuration, enabled
     * @param clock the time source for last access and stall times
     * @return the cache
     * @throws BadStoreConfigurationException if the folder cannot be used
     */
    public static ImageCache open(ImageStore wrapped, CacheConfig config, Clock clock) {
        ImageCache cache = new ImageCache(wrapped, config, clock);
        try {
            cache.load();
        } catch (RuntimeException e) {
            cache.shutdownThreads();
            cache.indexStore.close();
            cache.folder.close();
            throw e;
        }
        cache.startScheduler(config);
        return cache;
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---------------------------------------------------------------- open

    private void load() {
        long t0 = System.nanoTime();
        int leftovers = folder.clearIncomplete();
        IndexStore.LoadResult loaded;
        try {
            loaded = indexStore.load(index);
        } catch (IOException e) {
            throw new BadStoreConfigurationException("image cache folder " + folder + ": cannot open its index: " + e, e);
        }
        List<String> names = folder.imageNames();
        Set<String> present = new HashSet<>(names);
        List<IndexEntry> dropped = new ArrayList<>();
        for (IndexEntry e : index) {
            if (!present.contains(e.id)) {
                dropped.add(e);
            }
        }
        for (IndexEntry e : dropped) {
            index.remove(e);
        }
        // Files the index does not know: published just before a crash, or an index rebuilt.
        // Only these are stat'ed, in parallel, so a 100,000-image rebuild stays well under a second.
        List<CacheFolder.FileInfo> adopted = names.parallelStream()
                .filter(n -> index.get(n) == null)
                .map(n -> CacheFolder.info(folder.image(n)))
                .filter(Objects::nonNull)
                .sorted(Comparator.comparingLong(i -> Math.max(i.lastAccessMillis(), i.lastModifiedMillis())))
                .collect(Collectors.toList());
        List<IndexEntry> adoptedEntries = new ArrayList<>(adopted.size());
        for (CacheFolder.FileInfo i : adopted) {
            IndexEntry e = new IndexEntry(i.name(), i.size(), 0, Math.max(i.lastAccessMillis(), i.lastModifiedMillis()),
                    i.lastModifiedMillis(), null, null, null);
            index.addMostRecent(e);
            adoptedEntries.add(e);
        }
        List<CacheFolder.FileInfo> quarantined = CacheFolder.files(folder.invalidDir());
        quarantined.sort(Comparator.comparingLong(CacheFolder.FileInfo::lastModifiedMillis));
        long invalidBytes = 0;
        for (CacheFolder.FileInfo i : quarantined) {
            invalid.put(i.name(), new InvalidFile(i.size(), i.lastModifiedMillis()));
            invalidBytes += i.size();
        }
        used = index.bytes() + invalidBytes;
        peakUsed = used;

        int changes = dropped.size() + adoptedEntries.size();
        if (!loaded.snapshotValid() || changes > 1000 || indexStore.compactionDue()) {
            // Written in the background: opening does not wait for a snapshot and its fsync.
            finisher.execute(this::compactIndex);
        } else if (changes > 0) {
            IndexJournal j = indexStore.journal();
            dropped.forEach(e -> j.remove(e.id));
            adoptedEntries.forEach(j::put);
            j.flush();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (loaded.problem() != null && (index.size() > 0 || loaded.journalsReplayed() > 0 || !adopted.isEmpty())) {
            LOG.warn("image cache {}: {}; rebuilt from the folder ({} images adopted)", folder, loaded.problem(),
                    adopted.size());
        }
        LOG.info("image cache {} opened in {} ms: {} images, {} bytes used of {}{}", folder, ms, index.size(), used,
                maxSize, leftovers > 0 ? ", removed " + leftovers + " incomplete leftovers" : "");
        if (used > maxSize) {
            CleanupResult r = prune();
            LOG.info("image cache {}: above its limit on open, pruned {} images ({} bytes)", folder, r.files(), r.bytes());
        }
    }

    private void startScheduler(CacheConfig config) {
        if (scheduler == null) {
            return;
        }
        long maintenance = config.maintenanceInterval().toMillis();
        if (maintenance > 0) {
            scheduler.scheduleWithFixedDelay(this::maintain, maintenance, maintenance, TimeUnit.MILLISECONDS);
        }
        long prefetch = config.prefetcherInterval().toMillis();
        if (prefetch > 0) {
            scheduler.scheduleWithFixedDelay(this::prefetchQuietly, prefetch, prefetch, TimeUnit.MILLISECONDS);
        }
        scheduler.scheduleWithFixedDelay(this::flushJournal, JOURNAL_FLUSH_SECONDS, JOURNAL_FLUSH_SECONDS,
                TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- reads

    /**
     * Reads through the cache with {@link ImageStore#get(String, long, long, ReadOptions)}'s
     * contract.
     *
     * @param location the location URI in the wrapped store
     * @param offset first byte
     * @param length bytes, or {@code -1} for all
     * @param options listener and expected hashes
     * @return the bytes
     */
    public ImageData get(String location, long offset, long length, ReadOptions options) {
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
        while (true) {
            Decision d = decide(id, location, offset, length, options, what);
            switch (d.kind()) {
                case HIT: {
                    ImageData data = serveHit(d.entry(), offset, d.length(), options, what);
                    if (data != null) {
                        return data;
                    }
                    break; // the file vanished under the index: decide again
                }
                case JOIN:
                    return d.data();
                case OWN:
                    return fill(d.fill(), location, length, options, what);
                default:
                    return passThrough(location, offset, length, options);
            }
        }
    }

    private boolean rangesAllowed(long offset, long length) {
        if (wrapped.hasCapability(Capability.READ_RANDOM)) {
            return true;
        }
        return (offset == 0 || wrapped.hasCapability(Capability.READ_OFFSET))
                && (length < 0 || wrapped.hasCapability(Capability.READ_CHUNK));
    }

    private ImageData passThrough(String location, long offset, long length, ReadOptions options) {
        lock.lock();
        try {
            passThroughs++;
        } finally {
            lock.unlock();
        }
        return wrapped.get(location, offset, length, options);
    }

    private Decision decide(String id, String location, long offset, long length, ReadOptions options, String what) {
        lock.lock();
        try {
            while (true) {
                if (closing) {
                    return Decision.PASS;
                }
                IndexEntry e = index.get(id);
                if (e != null) {
                    if (offset > e.size) {
                        throw new InvalidRangeException(what + ": offset " + offset + " is past the end of the "
                                + e.size + "-byte image");
                    }
                    long n = length < 0 ? e.size - offset : Math.min(length, e.size - offset);
                    if (options.verifies() && (offset != 0 || n != e.size)) {
                        throw new InvalidException(what + ": expected hashes apply to whole-image reads only");
                    }
                    if (options.verifies() && contradicts(e, options)) {
                        // The copy is not the image the caller expects: never serve it; the
                        // store decides, through a fresh fill that checks the caller's hashes.
                        quarantineLocked(e, "its recorded hashes differ from the ones the caller expects");
                        continue;
                    }
                    e.readers++;
                    index.touch(e, clock.millis());
                    indexStore.journal().touch(e);
                    hits++;
                    return new Decision(Kind.HIT, e, n, null, null);
                }
                Fill f = fills.get(id);
                if (f != null) {
                    if (offset > 0) {
                        return Decision.PASS;
                    }
                    Fill.State s = f.state();
                    if (s == Fill.State.OPENING) {
                        if (length >= 0) {
                            return Decision.PASS; // maybe a range: not worth waiting for
                        }
                        try {
                            changed.await();
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                            return Decision.PASS;
                        }
                        continue;
                    }
                    if (f.doomed || (length >= 0 && length < f.size)) {
                        return Decision.PASS;
                    }
                    FileChannel ch;
                    try {
                        ch = FileChannel.open(f.path, StandardOpenOption.READ);
                    } catch (IOException ex) {
                        return Decision.PASS;
                    }
                    f.participants++;
                    sharedReads++;
                    InputStream in = new FillReader(this, f, ch, ExpectedHashes.of(options), options.progressListener(),
                            what);
                    return new Decision(Kind.JOIN, null, 0, null, ImageData.of(in, 0, f.size, f.size));
                }
                if (offset > 0) {
                    return Decision.PASS;
                }
                Fill own = new Fill(id, location);
                fills.put(id, own);
                return new Decision(Kind.OWN, null, 0, own, null);
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean contradicts(IndexEntry e, ReadOptions options) {
        if (options.expectedMd5() != null && e.md5 != null
                && !Digests.hex(e.md5).equalsIgnoreCase(options.expectedMd5())) {
            return true;
        }
        return options.expectedMultihash() != null && e.multihash != null
                && e.hashAlgorithm.equals(Digests.glanceName(options.hashAlgorithm()))
                && !Digests.hex(e.multihash).equalsIgnoreCase(options.expectedMultihash());
    }

    private ImageData serveHit(IndexEntry e, long offset, long n, ReadOptions options, String what) {
        FileChannel ch;
        try {
            ch = FileChannel.open(folder.image(e.id), StandardOpenOption.READ);
        } catch (IOException ex) {
            lock.lock();
            try {
                e.readers--;
                if (index.get(e.id) == e) {
                    LOG.warn("image cache {}: cached image {} disappeared from the folder ({}); dropped from the index",
                            folder, e.id, ex.toString());
                    index.remove(e);
                    indexStore.journal().remove(e.id);
                    used -= e.size;
                }
            } finally {
                lock.unlock();
            }
            return null;
        }
        InputStream in = new CachedFileStream(ch, offset, n, what,
                () -> quarantine(e, "the file is shorter than the index records"), () -> releaseReader(e));
        if (VerifyingStream.needed(options.progressListener(), options)) {
            in = new VerifyingStream(in, n, options.progressListener(), options, what, ex -> {
                if (ex instanceof ChecksumMismatchException) {
                    quarantine(e, ex.getMessage());
                }
            });
        }
        return ImageData.of(in, offset, n, e.size);
    }

    /**
     * The first reader of a miss: opens the store once, reserves room, and becomes the fill's
     * first reader (the tee), or reads the store's local file while a copier fills the cache.
     */
    private ImageData fill(Fill f, String location, long length, ReadOptions options, String what) {
        ImageData data;
        try {
            // Opened without the caller's listener and hashes: every reader of the fill reports
            // and checks for itself (one hashing pass each, as without a cache), so a store that
            // does not check hashes still cannot get bad bytes published.
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
                countPassThrough();
                return asCallerWouldGet(data, options, what);
            }
            Reservation r = reserve(f, size);
            if (!r.granted()) {
                unlinkAll(r.victims(), true);
                cancel(f);
                countPassThrough();
                return asCallerWouldGet(data, options, what);
            }
            unlinkAll(r.victims(), false); // their bytes already count toward this fill's reservation
            if (r.held() > 0) {
                release(r.held());
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
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // cleared on the next open
                }
                release(size);
                cancel(f);
                countPassThrough();
                return asCallerWouldGet(data, options, what);
            }
            List<Trash> abandoned = List.of();
            lock.lock();
            try {
                f.path = path;
                f.channel = writeChannel;
                f.expectedMd5 = options.expectedMd5();
                if (options.expectedMultihash() != null) {
                    f.expectedAlgorithm = Digests.glanceName(options.hashAlgorithm());
                    f.expectedMultihash = options.expectedMultihash();
                }
                if (copy) {
                    // The first reader reads the store, not the fill: no participant. The copy
                    // ends without readers, so flush() waits for its copier from the start.
                    f.startCopying(clock.millis());
                    pendingFinishes++;
                } else {
                    f.source = data;
                    f.participants = 1;
                    f.startWriting(clock.millis());
                }
                fillsStarted++;
                if (f.doomed || closing) {
                    abandoned = failLocked(f, false, closing ? "the cache is closing" : "the image was deleted");
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            unlinkAll(abandoned, true);
            if (copy) {
                return startCopy(f, data, options, what);
            }
            // Even when abandoned at once, the reader goes through the fill: it claims the
            // store's stream and reads on uncached.
            return ImageData.of(new FillReader(this, f, readChannel, ExpectedHashes.of(options),
                    options.progressListener(), what), 0, size, size);
        } catch (RuntimeException | Error e) {
            cancel(f);
            closeQuietly(data);
            throw e;
        }
    }

    /**
     * Starts the copier of a copy fill and gives the first reader the store's stream, shared with
     * the copier.
     */
    private ImageData startCopy(Fill f, ImageData data, ReadOptions options, String what) {
        SharedSource shared = new SharedSource(data);
        boolean copying = false;
        if (f.state() == Fill.State.WRITING) {
            try {
                copiers.execute(() -> runCopier(f, shared));
                copying = true;
            } catch (RejectedExecutionException e) {
                failFill(f, false, "the cache is closing");
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
    private void runCopier(Fill f, SharedSource shared) {
        ByteBuffer buf = Fill.chunkBuffer();
        try {
            long position = 0;
            while (position < f.size) {
                if (f.state() != Fill.State.WRITING) {
                    return; // abandoned: its file is already renamed aside
                }
                int n;
                try {
                    buf.clear();
                    n = shared.data().readAt(position, buf);
                    if (n > 0) {
                        buf.flip();
                        for (long at = position; buf.hasRemaining(); ) {
                            at += f.channel.write(buf, at);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    failFill(f, false, "cannot copy the store's file: " + e);
                    return;
                }
                if (n <= 0) {
                    failFill(f, false, "the store's file ended after " + position + " of " + f.size + " bytes");
                    return;
                }
                position += n;
                f.copied(n, clock.millis());
            }
            lock.lock();
            try {
                completeLocked(f);
            } finally {
                lock.unlock();
            }
        } finally {
            Fill.recycle(buf);
            try {
                shared.release();
            } catch (IOException e) {
                LOG.debug("image cache {}: closing the store's stream of image {}: {}", folder, f.id, e.toString());
            }
            pendingDone();
        }
    }

    /**
     * A finisher or a copier ended (after unlinking what a failure left): flush() no longer waits
     * for it.
     */
    private void pendingDone() {
        lock.lock();
        try {
            pendingFinishes--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A store stream opened with default options, given the caller's listener and hash checks. */
    private static ImageData asCallerWouldGet(ImageData data, ReadOptions options, String what) {
        if (!VerifyingStream.needed(options.progressListener(), options)) {
            return data;
        }
        return ImageData.of(new VerifyingStream(data, data.length(), options.progressListener(), options, what, null),
                data.offset(), data.length(), data.imageSize());
    }

    /** Drops a fill that never started writing, so waiting readers decide again. */
    private void cancel(Fill f) {
        lock.lock();
        try {
            if (f.state() == Fill.State.OPENING) {
                f.setState(Fill.State.FAILED);
                fills.remove(f.id, f);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void countPassThrough() {
        lock.lock();
        try {
            passThroughs++;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- space

    /**
     * The outcome of a reservation: granted or not, the files evicted for it, and the bytes of
     * those files beyond what the fill needed, which keep counting until the files are unlinked.
     */
    private record Reservation(boolean granted, List<Trash> victims, long held) {
    }

    /**
     * Reserves room for a fill, evicting quarantined files and then least recently used
     * unpinned images. Nothing is evicted unless the whole need can be met.
     */
    private Reservation reserve(Fill f, long size) {
        lock.lock();
        try {
            if (closing || size > maxSize) {
                return new Reservation(false, List.of(), 0);
            }
            List<Trash> victims = new ArrayList<>();
            long held = 0;
            long need = size - (maxSize - used);
            if (need > 0) {
                if (evictableUpTo(need) < need) {
                    return new Reservation(false, List.of(), 0);
                }
                long freed = evictLocked(need, victims);
                if (freed < need) {
                    // Only when renames failed: what was evicted is released, the fill is not.
                    return new Reservation(false, victims, 0);
                }
                // The victims' bytes become this fill's; they are unlinked before its first write.
                // What they hold beyond the need stays counted until then: another fill must not
                // write into room that is still on disk.
                held = freed - need;
                used -= need;
            }
            used += size;
            peakUsed = Math.max(peakUsed, used);
            f.size = size;
            f.reservation = size;
            return new Reservation(true, victims, held);
        } finally {
            lock.unlock();
        }
    }

    /** How many bytes eviction could free, counting no further than {@code need}. */
    private long evictableUpTo(long need) {
        long found = 0;
        for (InvalidFile inv : invalid.values()) {
            if (found >= need) {
                return found;
            }
            found += inv.size();
        }
        for (IndexEntry e : index) {
            if (found >= need) {
                return found;
            }
            if (e.readers == 0) {
                found += e.size;
            }
        }
        return found;
    }

    /**
     * Renames aside quarantined files (oldest first), then least recently used unpinned images,
     * until {@code need} bytes are freed or nothing evictable is left.
     *
     * @return bytes the renamed victims account for
     */
    private long evictLocked(long need, List<Trash> victims) {
        long freed = 0;
        for (Iterator<Map.Entry<String, InvalidFile>> it = invalid.entrySet().iterator(); freed < need && it.hasNext(); ) {
            Map.Entry<String, InvalidFile> inv = it.next();
            it.remove();
            freed += trashLocked(folder.invalid(inv.getKey()), inv.getValue().size(), victims);
        }
        List<IndexEntry> entries = new ArrayList<>();
        long planned = freed;
        for (Iterator<IndexEntry> it = index.iterator(); planned < need && it.hasNext(); ) {
            IndexEntry e = it.next();
            if (e.readers == 0) {
                entries.add(e);
                planned += e.size;
            }
        }
        for (IndexEntry e : entries) {
            index.remove(e);
            indexStore.journal().remove(e.id);
            freed += trashLocked(folder.image(e.id), e.size, victims);
            evictions++;
            evictedBytes += e.size;
            LOG.debug("image cache {}: evicted {} ({} bytes, {} hits)", folder, e.id, e.size, e.hits);
        }
        return freed;
    }

    /**
     * Renames a file aside. Returns the bytes now accounted for by a {@link Trash} (or already
     * gone); a file that cannot be renamed stays in place and keeps counting, as stuck.
     */
    private long trashLocked(Path file, long bytes, List<Trash> out) {
        try {
            Path t = folder.trash(file);
            if (t != null) {
                out.add(new Trash(t, bytes));
            } else {
                out.add(new Trash(null, bytes));
            }
            return bytes;
        } catch (IOException e) {
            try {
                // Never leave it under its own name: a new fill could publish there.
                Files.deleteIfExists(file);
                out.add(new Trash(null, bytes));
                return bytes;
            } catch (IOException again) {
                LOG.error("image cache {}: cannot remove {}: {}; its {} bytes stay counted until clean() removes it",
                        folder, file, again, bytes);
                stuck.add(new Trash(file, bytes));
                return 0;
            }
        }
    }

    /** Unlinks renamed-aside files; with {@code release}, their bytes stop counting once gone. */
    private void unlinkAll(List<Trash> trash, boolean release) {
        long gone = 0;
        List<Trash> failed = new ArrayList<>();
        for (Trash t : trash) {
            try {
                if (t.path() != null) {
                    Files.deleteIfExists(t.path());
                }
                gone += t.bytes();
            } catch (IOException e) {
                LOG.error("image cache {}: cannot unlink {}: {}", folder, t.path(), e.toString());
                failed.add(t);
            }
        }
        if (!release && failed.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (release) {
                used -= gone;
            } else {
                // Converted into a reservation already, yet still on disk: count them again.
                for (Trash t : failed) {
                    used += t.bytes();
                }
            }
            stuck.addAll(failed);
        } finally {
            lock.unlock();
        }
    }

    private void release(long bytes) {
        lock.lock();
        try {
            used -= bytes;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- fill progress

    long now() {
        return clock.millis();
    }

    /** Starts a writer for a fill that has queued bytes and none. */
    void startWriterIfNeeded(Fill f) {
        if (f.needsWriter()) {
            try {
                writers.execute(() -> runWriter(f));
            } catch (RejectedExecutionException e) {
                f.writerNotStarted();
                failFill(f, false, "the cache is closing");
            }
        }
    }

    private void runWriter(Fill f) {
        switch (f.drain()) {
            case ALL_WRITTEN:
                lock.lock();
                try {
                    if (f.state() == Fill.State.WRITING && f.endReached) {
                        completeLocked(f);
                    }
                } finally {
                    lock.unlock();
                }
                break;
            case FAILED_WRITE:
                failFill(f, false, "cannot write the cache file: " + f.writeFailure());
                break;
            default:
                break;
        }
    }

    /** A reader of a fill read its last byte (and its own hash check passed). */
    void readerReachedEnd(Fill f) {
        InputStream idle = null;
        lock.lock();
        try {
            f.endReached = true;
            if (f.state() == Fill.State.WRITING && !f.finishing) {
                // From here flush() waits for this fill: the writer and the finisher still work on it.
                f.finishing = true;
                pendingFinishes++;
            }
            if (f.state() == Fill.State.WRITING && f.written() == f.size) {
                completeLocked(f);
            }
            if (f.pulled() == f.size) {
                idle = f.takeIdleSource();
            }
        } finally {
            lock.unlock();
        }
        closeQuietly(idle);
    }

    /** A reader's own hash check failed at its end: the copy must never be served. */
    void readerMismatch(Fill f, String reason) {
        try {
            f.awaitWriterIdle(); // so the quarantined file holds every byte the reader saw
        } catch (java.io.InterruptedIOException e) {
            // quarantined with what is written so far
        }
        List<Trash> trash = List.of();
        lock.lock();
        try {
            Fill.State s = f.state();
            if (s == Fill.State.WRITING || s == Fill.State.COMPLETE) {
                trash = failLocked(f, true, reason);
            } else if (s == Fill.State.PUBLISHED && f.entry != null) {
                trash = quarantineLocked(f.entry, reason);
            }
        } finally {
            lock.unlock();
        }
        unlinkAll(trash, true);
    }

    /** A reader checked the whole image against its expected hashes: record them as verified. */
    void vouch(Fill f, ExpectedHashes hashes) {
        lock.lock();
        try {
            if (hashes.verifiedMd5() != null) {
                f.vouchedMd5 = hashes.verifiedMd5();
            }
            if (hashes.verifiedMultihash() != null) {
                f.vouchedAlgorithm = hashes.algorithm();
                f.vouchedMultihash = hashes.verifiedMultihash();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A reader of a fill closed, at its end or before. */
    void readerClosed(Fill f, boolean ownedSource) {
        List<Trash> trash = List.of();
        Trash unpinned = null;
        InputStream idle = null;
        lock.lock();
        try {
            if (f.entry != null) {
                unpinned = releaseReaderLocked(f.entry);
            } else {
                f.participants--;
                if (f.participants <= 0) {
                    // A fill with every byte pulled only waits for its writer, and a copy needs no
                    // reader: either is finished, not abandoned.
                    if (f.state() == Fill.State.WRITING && !f.copying && f.pulled() < f.size) {
                        trash = failLocked(f, false, "every reader closed its stream after " + f.written() + " of "
                                + f.size + " bytes");
                    }
                    idle = f.takeIdleSource();
                }
            }
        } finally {
            lock.unlock();
        }
        closeQuietly(idle);
        unlinkAll(trash, true);
        if (unpinned != null) {
            unlinkAll(List.of(unpinned), true);
        }
    }

    void failFill(Fill f, boolean quarantine, String reason) {
        List<Trash> trash;
        lock.lock();
        try {
            trash = failLocked(f, quarantine, reason);
        } finally {
            lock.unlock();
        }
        unlinkAll(trash, true);
    }

    /**
     * Abandons a fill: no byte is appended after this, its file is quarantined or renamed aside,
     * and its id is free for a new fill at once.
     */
    private List<Trash> failLocked(Fill f, boolean quarantine, String reason) {
        Fill.State s = f.state();
        if (s == Fill.State.OPENING) {
            f.doomed = true;
            return List.of();
        }
        if (s != Fill.State.WRITING && s != Fill.State.COMPLETE) {
            return List.of();
        }
        f.setState(Fill.State.FAILED);
        fillsFailed++;
        if (s == Fill.State.WRITING && f.finishing) {
            pendingFinishes--; // a complete fill is counted down by its finisher instead
        }
        closeQuietly(f.channel);
        List<Trash> trash = new ArrayList<>();
        long written = f.written();
        boolean quarantined = false;
        if (quarantine) {
            mismatches++;
            Path target = folder.invalid(f.id);
            try {
                InvalidFile old = invalid.remove(f.id);
                if (old != null) {
                    trashLocked(target, old.size(), trash);
                }
                Files.move(f.path, target, StandardCopyOption.ATOMIC_MOVE);
                invalid.put(f.id, new InvalidFile(written, clock.millis()));
                used -= f.reservation - written;
                quarantined = true;
                LOG.warn("image cache {}: fill of image {} quarantined in {}/: {}", folder, f.id, CacheFolder.INVALID,
                        reason);
            } catch (IOException e) {
                LOG.warn("image cache {}: cannot quarantine the fill of image {}: {}", folder, f.id, e.toString());
            }
        }
        if (!quarantined) {
            trashLocked(f.path, f.reservation, trash);
            LOG.debug("image cache {}: fill of image {} abandoned: {}", folder, f.id, reason);
        }
        fills.remove(f.id, f);
        changed.signalAll();
        if (written == f.size || f.participants <= 0) {
            // Readers behind the frontier have the rest in their file: the stream is idle.
            closeQuietly(f.takeIdleSource());
        }
        return trash;
    }

    private void completeLocked(Fill f) {
        if (f.state() != Fill.State.WRITING) {
            return;
        }
        if (!f.finishing) {
            f.finishing = true;
            pendingFinishes++;
        }
        f.setState(Fill.State.COMPLETE);
        try {
            finisher.execute(() -> finish(f));
        } catch (RejectedExecutionException e) {
            // Only once closed: no finisher will count this fill down, so fail it as still writing.
            f.setState(Fill.State.WRITING);
            unlinkLater(failLocked(f, false, "the cache is closing"));
        }
    }

    private void unlinkLater(List<Trash> trash) {
        if (!trash.isEmpty()) {
            stuck.addAll(trash);
        }
    }

    /**
     * Background end of a fill: computes the hashes nobody could vouch for, syncs the file (a
     * published image survives a power cut), then renames it into place and indexes it.
     */
    private void finish(Fill f) {
        try {
            byte[] md5;
            String algorithm;
            byte[] multihash;
            lock.lock();
            try {
                md5 = f.vouchedMd5;
                if (f.expectedMultihash != null) {
                    algorithm = f.expectedAlgorithm;
                    multihash = algorithm.equals(f.vouchedAlgorithm) ? f.vouchedMultihash : null;
                } else if (f.vouchedMultihash != null) {
                    algorithm = f.vouchedAlgorithm;
                    multihash = f.vouchedMultihash;
                } else {
                    algorithm = hashAlgorithm;
                    multihash = null;
                }
            } finally {
                lock.unlock();
            }
            if (md5 == null || multihash == null) {
                // Nobody vouched for these: hash the file here, off the readers' threads.
                MessageDigest m = md5 == null ? Digests.create("md5") : null;
                MessageDigest h = multihash == null ? Digests.create(algorithm) : null;
                ByteBuffer buf = ByteBuffer.allocate(HASH_BUFFER);
                try (ParallelDigests digests = new ParallelDigests(m, h)) {
                    for (long pos = 0; pos < f.size; ) {
                        buf.clear();
                        int n = f.channel.read(buf, pos);
                        if (n < 0) {
                            throw new IOException("the fill file is shorter than its " + f.size + " bytes");
                        }
                        digests.update(buf.array(), 0, n);
                        pos += n;
                    }
                    digests.finish();
                }
                if (m != null) {
                    md5 = m.digest();
                }
                if (h != null) {
                    multihash = h.digest();
                }
            }
            String mismatch = null;
            if (f.expectedMd5 != null && !Digests.hex(md5).equalsIgnoreCase(f.expectedMd5)) {
                mismatch = "md5 is " + Digests.hex(md5) + ", expected " + f.expectedMd5;
            } else if (f.expectedMultihash != null && !Digests.hex(multihash).equalsIgnoreCase(f.expectedMultihash)) {
                mismatch = algorithm + " multihash is " + Digests.hex(multihash) + ", expected " + f.expectedMultihash;
            }
            if (mismatch != null) {
                failFill(f, true, mismatch);
                return;
            }
            f.channel.force(true);
            List<Trash> trash = List.of();
            lock.lock();
            try {
                if (f.state() != Fill.State.COMPLETE) {
                    return; // abandoned meanwhile
                }
                try {
                    Files.move(f.path, folder.image(f.id), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    trash = failLocked(f, false, "cannot publish: " + e);
                    return;
                }
                long now = clock.millis();
                IndexEntry e = new IndexEntry(f.id, f.size, 0, now, now, md5, algorithm, multihash);
                e.readers = f.participants;
                IndexEntry replaced = index.addMostRecent(e);
                if (replaced != null) {
                    used -= replaced.size; // a copy published over by someone outside the cache
                }
                indexStore.journal().put(e);
                indexStore.journal().flush();
                used -= f.reservation - f.size;
                f.entry = e;
                f.setState(Fill.State.PUBLISHED);
                fills.remove(f.id, f);
                fillsPublished++;
            } finally {
                lock.unlock();
                unlinkAll(trash, true);
            }
            closeQuietly(f.channel);
            Files.deleteIfExists(folder.queued(f.id));
            LOG.debug("image cache {}: cached image {} ({} bytes)", folder, f.id, f.size);
        } catch (IOException | RuntimeException e) {
            failFill(f, false, "cannot finish: " + e);
        } finally {
            pendingDone();
        }
    }

    /**
     * Where a follower continues when its fill stopped before giving it everything: the store,
     * from the follower's position.
     */
    InputStream openFallback(Fill f, long position) throws IOException {
        if (position == 0) {
            return wrapped.get(f.location);
        }
        if (wrapped.hasCapability(Capability.READ_RANDOM) || wrapped.hasCapability(Capability.READ_OFFSET)) {
            return wrapped.get(f.location, position, -1);
        }
        ImageData data = wrapped.get(f.location);
        data.skipNBytes(position);
        return data;
    }

    void releaseReader(IndexEntry e) {
        Trash t;
        lock.lock();
        try {
            t = releaseReaderLocked(e);
        } finally {
            lock.unlock();
        }
        if (t != null) {
            unlinkAll(List.of(t), true);
        }
    }

    private Trash releaseReaderLocked(IndexEntry e) {
        e.readers--;
        if (e.readers == 0 && e.doomedTrash != null && !closed) {
            Trash t = new Trash(e.doomedTrash, e.size);
            e.doomedTrash = null;
            return t;
        }
        return null;
    }

    // ---------------------------------------------------------------- removal

    void quarantine(IndexEntry e, String reason) {
        List<Trash> trash;
        lock.lock();
        try {
            trash = quarantineLocked(e, reason);
        } finally {
            lock.unlock();
        }
        unlinkAll(trash, true);
    }

    /**
     * Moves a cached copy to {@code invalid/}. Readers that have it open keep reading their file;
     * new reads no longer find it.
     */
    private List<Trash> quarantineLocked(IndexEntry e, String reason) {
        if (closed || index.get(e.id) != e) {
            return List.of();
        }
        index.remove(e);
        indexStore.journal().remove(e.id);
        mismatches++;
        List<Trash> trash = new ArrayList<>();
        InvalidFile old = invalid.remove(e.id);
        if (old != null) {
            trashLocked(folder.invalid(e.id), old.size(), trash);
        }
        try {
            Files.move(folder.image(e.id), folder.invalid(e.id), StandardCopyOption.ATOMIC_MOVE);
            invalid.put(e.id, new InvalidFile(e.size, clock.millis()));
            LOG.warn("image cache {}: cached image {} quarantined in {}/: {}", folder, e.id, CacheFolder.INVALID, reason);
        } catch (NoSuchFileException ex) {
            used -= e.size;
        } catch (IOException ex) {
            LOG.warn("image cache {}: cannot quarantine {}: {}", folder, e.id, ex.toString());
            removeLocked(e, trash, false);
        }
        return trash;
    }

    /**
     * Takes an image out of the cache: renamed aside at once so its name is free, unlinked now
     * if nobody reads it, else after its last reader (its bytes count until then).
     */
    private void removeLocked(IndexEntry e, List<Trash> trash, boolean unindex) {
        if (unindex) {
            index.remove(e);
            indexStore.journal().remove(e.id);
        }
        if (e.readers == 0) {
            trashLocked(folder.image(e.id), e.size, trash);
            return;
        }
        List<Trash> later = new ArrayList<>(1);
        trashLocked(folder.image(e.id), e.size, later);
        if (!later.isEmpty()) {
            Trash t = later.get(0);
            if (t.path() == null) {
                trash.add(t); // already gone: release its bytes now
            } else {
                e.doomedTrash = t.path();
            }
        }
    }

    /**
     * Removes the cached copy of an image and stops any fill of it.
     *
     * @param id the image id
     * @return true if a complete copy was cached
     */
    public boolean evict(String id) {
        List<Trash> trash = new ArrayList<>();
        boolean found = false;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            IndexEntry e = index.get(id);
            if (e != null) {
                found = true;
                removeLocked(e, trash, true);
            }
            Fill f = fills.get(id);
            if (f != null) {
                trash.addAll(failLocked(f, false, "the image was deleted"));
            }
        } finally {
            lock.unlock();
        }
        unlinkAll(trash, true);
        return found;
    }

    /**
     * Removes every complete cached image.
     *
     * @return how many were removed
     */
    public int evictAll() {
        List<Trash> trash = new ArrayList<>();
        int n;
        lock.lock();
        try {
            if (closed) {
                return 0;
            }
            List<IndexEntry> all = index.entries();
            for (IndexEntry e : all) {
                removeLocked(e, trash, true);
            }
            n = all.size();
        } finally {
            lock.unlock();
        }
        unlinkAll(trash, true);
        return n;
    }

    /**
     * Evicts quarantined files, then least recently used unpinned images, until the folder is
     * within the limit (needed only when the limit was lowered).
     *
     * @return what was removed
     */
    public CleanupResult prune() {
        List<Trash> trash = new ArrayList<>();
        lock.lock();
        try {
            long need = used - maxSize;
            if (need <= 0 || closed) {
                return CleanupResult.NONE;
            }
            // As much as possible, even if pinned images keep the folder above the limit.
            evictLocked(need, trash);
        } finally {
            lock.unlock();
        }
        long bytes = trash.stream().mapToLong(Trash::bytes).sum();
        unlinkAll(trash, true);
        return new CleanupResult(trash.size(), bytes);
    }

    /**
     * Removes stalled fills (no progress for the stall time), quarantined files older than the
     * stall time, foreign files in {@code incomplete/} older than the stall time, and retries
     * files that could not be removed before.
     *
     * @return what was removed
     */
    public CleanupResult clean() {
        long now = clock.millis();
        List<Fill> stalled = new ArrayList<>();
        List<Trash> trash = new ArrayList<>();
        Set<String> active = new HashSet<>();
        lock.lock();
        try {
            if (closed) {
                return CleanupResult.NONE;
            }
            for (Fill f : fills.values()) {
                active.add(f.id);
                if (f.state() == Fill.State.WRITING && now - f.lastProgress() > stallMillis) {
                    stalled.add(f);
                }
            }
            for (Iterator<Map.Entry<String, InvalidFile>> it = invalid.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, InvalidFile> inv = it.next();
                if (now - inv.getValue().since() > stallMillis) {
                    it.remove();
                    trashLocked(folder.invalid(inv.getKey()), inv.getValue().size(), trash);
                }
            }
            trash.addAll(stuck);
            stuck.clear();
        } finally {
            lock.unlock();
        }
        int files = 0;
        long bytes = 0;
        for (Fill f : stalled) {
            try {
                f.awaitWriterIdle(); // nothing pulls into a stalled fill: its writer is done or nearly
            } catch (java.io.InterruptedIOException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long written = f.written();
            failFill(f, false, "stalled: no progress for more than " + stallMillis / 1000 + " s");
            if (f.state() == Fill.State.FAILED) {
                files++;
                bytes += written;
                LOG.info("image cache {}: removed stalled fill of image {} ({} bytes written)", folder, f.id, written);
            }
        }
        for (Trash t : trash) {
            files++;
            bytes += t.bytes();
        }
        unlinkAll(trash, true);
        for (CacheFolder.FileInfo i : CacheFolder.files(folder.incompleteDir())) {
            if (active.contains(i.name()) || i.name().startsWith(CacheFolder.TRASH_PREFIX)) {
                continue;
            }
            if (now - i.lastModifiedMillis() > stallMillis) {
                try {
                    if (Files.deleteIfExists(folder.incomplete(i.name()))) {
                        files++;
                        bytes += i.size();
                    }
                } catch (IOException e) {
                    LOG.warn("image cache {}: cannot remove stalled {}: {}", folder, i.name(), e.toString());
                }
            }
        }
        return new CleanupResult(files, bytes);
    }

    // ---------------------------------------------------------------- management

    /**
     * The complete cached images, least recently used first (the order prune evicts in).
     *
     * @return the images
     */
    public List<CachedImage> list() {
        lock.lock();
        try {
            List<CachedImage> out = new ArrayList<>(index.size());
            for (IndexEntry e : index) {
                out.add(toCachedImage(e));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * One cached image.
     *
     * @param id the image id
     * @return the image, if complete in the cache
     */
    public Optional<CachedImage> cached(String id) {
        lock.lock();
        try {
            IndexEntry e = index.get(id);
            return e == null ? Optional.empty() : Optional.of(toCachedImage(e));
        } finally {
            lock.unlock();
        }
    }

    private static CachedImage toCachedImage(IndexEntry e) {
        return new CachedImage(e.id, e.size, e.hits, Instant.ofEpochMilli(e.lastAccess), Instant.ofEpochMilli(e.cachedAt));
    }

    /**
     * The recorded hashes of a cached image, for tests and diagnostics.
     *
     * @param id the image id
     * @return md5 hex, algorithm and multihash hex (each may be {@code null}), or empty
     */
    public Optional<String[]> recordedHashes(String id) {
        lock.lock();
        try {
            IndexEntry e = index.get(id);
            return e == null ? Optional.empty()
                    : Optional.of(new String[] {Digests.hex(e.md5), e.hashAlgorithm, Digests.hex(e.multihash)});
        } finally {
            lock.unlock();
        }
    }

    /**
     * Occupancy and counters.
     *
     * @return the statistics
     */
    public CacheStats stats() {
        lock.lock();
        try {
            int inProgress = 0;
            for (Fill f : fills.values()) {
                if (f.state() == Fill.State.WRITING || f.state() == Fill.State.COMPLETE) {
                    inProgress++;
                }
            }
            return new CacheStats(maxSize, used, peakUsed, index.bytes(), index.size(), inProgress, hits, sharedReads,
                    fillsStarted, fillsPublished, fillsFailed, mismatches, passThroughs, evictions, evictedBytes);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues an image for prefetching: writes {@code queue/<id>} holding the location (readable
     * by the owner only, as a location may carry credentials).
     *
     * @param location the location URI in the wrapped store
     * @return false if the image is cached, being cached or queued already (as Glance answers)
     */
    public boolean queue(String location) {
        String id = wrapped.location(location).imageId();
        if (!CacheFolder.isCacheableId(id)) {
            throw new InvalidException("image id of " + wrapped.location(location) + " cannot be cached");
        }
        lock.lock();
        try {
            if (index.get(id) != null || fills.containsKey(id)) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        Path file = folder.queued(id);
        try {
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the folder's own permissions protect it.
            }
            Files.writeString(file, location, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new io.glancestore.exception.BackendException("image cache " + folder + ": cannot queue image "
                    + id + ": " + e, e);
        }
    }

    /**
     * Ids in the prefetch queue, oldest request first.
     *
     * @return the ids
     */
    public List<String> queued() {
        List<CacheFolder.FileInfo> files = CacheFolder.files(folder.queueDir());
        files.sort(Comparator.comparingLong(CacheFolder.FileInfo::lastModifiedMillis)
                .thenComparing(CacheFolder.FileInfo::name));
        List<String> ids = new ArrayList<>(files.size());
        for (CacheFolder.FileInfo i : files) {
            if (CacheFolder.isCacheableId(i.name())) {
                ids.add(i.name());
            }
        }
        return ids;
    }

    /**
     * Removes an image from the prefetch queue.
     *
     * @param id the image id
     * @return true if it was queued
     */
    public boolean dequeue(String id) {
        if (!CacheFolder.isCacheableId(id)) {
            return false;
        }
        try {
            return Files.deleteIfExists(folder.queued(id));
        } catch (IOException e) {
            throw new io.glancestore.exception.BackendException("image cache " + folder + ": cannot dequeue image "
                    + id + ": " + e, e);
        }
    }

    /**
     * Empties the prefetch queue.
     *
     * @return how many requests were removed
     */
    public int dequeueAll() {
        int n = 0;
        for (String id : queued()) {
            if (dequeue(id)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Reads every queued image through the cache, one at a time. A request without a location
     * (queued by another tool, which writes empty files) is left in place; one whose image is
     * gone or larger than the limit is dropped.
     *
     * @return how many queued images are now cached
     */
    public int prefetch() {
        synchronized (prefetchRun) {
            List<String> fetched = new ArrayList<>();
            for (String id : queued()) {
                if (isClosing()) {
                    break;
                }
                if (cached(id).isPresent()) {
                    dequeue(id);
                    continue;
                }
                String location;
                try {
                    location = Files.readString(folder.queued(id), StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    continue;
                }
                if (location.isEmpty()) {
                    LOG.warn("image cache {}: queued image {} has no location (queued by another tool?); left queued",
                            folder, id);
                    continue;
                }
                try {
                    if (!id.equals(wrapped.location(location).imageId())) {
                        LOG.warn("image cache {}: queue entry {} names another image; dropped", folder, id);
                        dequeue(id);
                        continue;
                    }
                    long size = wrapped.size(location);
                    if (size > maxSize) {
                        LOG.warn("image cache {}: queued image {} ({} bytes) is larger than the cache ({} bytes); dropped",
                                folder, id, size, maxSize);
                        dequeue(id);
                        continue;
                    }
                    try (ImageData data = get(location, 0, -1, ReadOptions.defaults())) {
                        if (!data.isLocalFile()) {
                            data.transferTo(OutputStream.nullOutputStream());
                        }
                        // else a copy, which goes on without its reader (or an image too large
                        // to cache, passed through): reading it would fetch nothing more
                    }
                    fetched.add(id);
                } catch (NotFoundException e) {
                    LOG.warn("image cache {}: queued image {} no longer exists; dropped", folder, id);
                    dequeue(id);
                } catch (GlanceStoreException | IOException e) {
                    LOG.warn("image cache {}: prefetch of image {} failed, left queued: {}", folder, id, e.toString());
                }
            }
            flush();
            int cachedNow = 0;
            for (String id : fetched) {
                dequeue(id);
                if (cached(id).isPresent()) {
                    cachedNow++;
                }
            }
            return cachedNow;
        }
    }

    private boolean isClosing() {
        lock.lock();
        try {
            return closing;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for fills that have all their bytes to be published (or failed), and writes pending
     * index records.
     */
    public void flush() {
        lock.lock();
        try {
            while (pendingFinishes > 0) {
                changed.awaitUninterruptibly();
            }
            if (!closed) {
                indexStore.journal().flush();
            }
        } finally {
            lock.unlock();
        }
        if (indexStore.compactionDue()) {
            compactIndex();
        }
    }

    private void flushJournal() {
        lock.lock();
        try {
            if (!closed) {
                indexStore.journal().flush();
            }
        } finally {
            lock.unlock();
        }
    }

    private void compactIndex() {
        IndexStore.Compaction c;
        lock.lock();
        try {
            c = indexStore.beginCompaction(index);
        } finally {
            lock.unlock();
        }
        if (c != null) {
            indexStore.finishCompaction(c);
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
            flushJournal();
            if (indexStore.compactionDue()) {
                compactIndex();
            }
        } catch (RuntimeException e) {
            LOG.warn("image cache {}: maintenance failed: {}", folder, e.toString(), e);
        }
    }

    private void prefetchQuietly() {
        try {
            if (!queued().isEmpty()) {
                int n = prefetch();
                LOG.info("image cache {}: prefetched {} images", folder, n);
            }
        } catch (RuntimeException e) {
            LOG.warn("image cache {}: prefetch failed: {}", folder, e.toString(), e);
        }
    }

    /**
     * The folder of this cache.
     *
     * @return the folder
     */
    public Path dir() {
        return folder.root();
    }

    /**
     * Stops background work, abandons fills still being written (their readers keep reading the
     * store), publishes fills that are complete, writes a snapshot of the index and releases
     * the folder.
     */
    @Override
    public void close() {
        List<Trash> trash = new ArrayList<>();
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true; // new reads pass through from here
            List<Fill> copying = new ArrayList<>();
            for (Fill f : fills.values()) {
                if (f.copying && f.state() == Fill.State.WRITING) {
                    copying.add(f); // still being written: abandoned like a tee's, not waited for
                }
            }
            for (Fill f : copying) {
                trash.addAll(failLocked(f, false, "the cache is closing"));
            }
        } finally {
            lock.unlock();
        }
        unlinkAll(trash, true);
        trash.clear();
        flush(); // fills that have all their bytes are published
        lock.lock();
        try {
            for (Fill f : new ArrayList<>(fills.values())) {
                trash.addAll(failLocked(f, false, "the cache is closing"));
            }
        } finally {
            lock.unlock();
        }
        unlinkAll(trash, true);
        shutdownThreads();
        flush();
        List<Trash> last;
        lock.lock();
        try {
            last = new ArrayList<>(stuck);
            stuck.clear();
        } finally {
            lock.unlock();
        }
        unlinkAll(last, true);
        compactIndex();
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        indexStore.close();
        folder.close();
    }

    private void shutdownThreads() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            awaitQuietly(scheduler);
        }
        writers.shutdown();
        awaitQuietly(writers);
        copiers.shutdown();
        awaitQuietly(copiers);
        finisher.shutdown();
        awaitQuietly(finisher);
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("image cache: background work still running after 30 s; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing more to do
            }
        }
    }

    @Override
    public String toString() {
        return "ImageCache{" + folder + ", maxSize=" + maxSize + "}";
    }

}
