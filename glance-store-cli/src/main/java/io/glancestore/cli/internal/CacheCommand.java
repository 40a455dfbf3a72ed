package io.glancestore.cli.internal;

import io.glancestore.cache.CacheStats;
import io.glancestore.cache.CachedImage;
import io.glancestore.cache.CachingImageStore;
import io.glancestore.cache.CleanupResult;
import io.glancestore.cache.ScrubResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cache}: the image cache's subcommands. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "Manages the image cache. The cache keeps to its size limit and cleans up by itself;"
                + " prune and clean are there for operators who still run them from cron. Every command works"
                + " while services use the same cache folder.",
        subcommands = {CacheCommand.Ls.class, CacheCommand.Queue.class, CacheCommand.Prefetch.class,
            CacheCommand.Rm.class, CacheCommand.Prune.class, CacheCommand.Clean.class, CacheCommand.Verify.class,
            CacheCommand.Stats.class})
public final class CacheCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a cache command is required");
    }

    /** {@code cache ls}. */
    @Command(name = "ls", mixinStandardHelpOptions = true, description = "Lists cached images, least recently used first.")
    static final class Ls extends SessionCommand {
        @Override
        int run(Session s) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (CachedImage i : s.requireCache().list()) {
                rows.add(fields("id", i.imageId(), "size", i.size(), "hits", i.hits(), "last_accessed",
                        String.valueOf(i.lastAccessed()), "cached_at", String.valueOf(i.cachedAt())));
            }
            s.out().table(rows, List.of("id", "size", "hits", "last_accessed"));
            return ExitCodes.OK;
        }
    }

    /** {@code cache queue}. */
    @Command(name = "queue", mixinStandardHelpOptions = true,
            description = "Queues images for prefetching, or lists the queue when no location is given.")
    static final class Queue extends SessionCommand {
        @Parameters(paramLabel = "LOCATION", arity = "0..*", description = "locations to queue")
        List<String> locations = new ArrayList<>();

        @Override
        int run(Session s) {
            CachingImageStore cache = s.requireCache();
            for (String l : locations) {
                cache.queue(l);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String id : cache.queuedImages()) {
                rows.add(Map.of("id", id));
            }
            s.out().table(rows, List.of("id"));
            return ExitCodes.OK;
        }
    }

    /** {@code cache prefetch}. */
    @Command(name = "prefetch", mixinStandardHelpOptions = true, description = "Caches the queued images now.")
    static final class Prefetch extends SessionCommand {
        @Override
        int run(Session s) {
            int n = s.requireCache().prefetch();
            s.out().record(Map.of("prefetched", n));
            return ExitCodes.OK;
        }
    }

    /** {@code cache rm}. */
    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Removes images from the cache (not from the store).")
    static final class Rm extends SessionCommand {
        @Parameters(paramLabel = "ID", arity = "0..*", description = "image ids")
        List<String> ids = new ArrayList<>();

        @Option(names = "--all", description = "remove every cached image")
        boolean all;

        @Option(names = "--queued", description = "remove from the prefetch queue instead")
        boolean queued;

        @Override
        void checkArguments() {
            if (!all && ids.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give image ids or --all");
            }
        }

        @Override
        int run(Session s) {
            CachingImageStore cache = s.requireCache();
            int n = 0;
            if (all) {
                n = queued ? cache.deleteAllQueuedImages() : cache.deleteAllCachedImages();
            } else {
                for (String id : ids) {
                    n += (queued ? cache.deleteQueuedImage(id) : cache.deleteCachedImage(id)) ? 1 : 0;
                }
            }
            s.out().record(Map.of("removed", n));
            return n == 0 && !all ? ExitCodes.NOT_FOUND : ExitCodes.OK;
        }
    }

    /** {@code cache prune}. */
    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Evicts least recently used images until the cache is within its size limit (cron-friendly).")
    static final class Prune extends Cleanup {
        Prune() {
            super(CachingImageStore::prune);
        }
    }

    /** {@code cache clean}. */
    @Command(name = "clean", mixinStandardHelpOptions = true,
            description = "Removes stalled and invalid files older than image_cache_stall_time (cron-friendly).")
    static final class Clean extends Cleanup {
        Clean() {
            super(CachingImageStore::clean);
        }
    }

    /**
     * An ordered record of names and values, as printed.
     *
     * @param namesAndValues each name followed by its value
     * @return the record, in the order given
     */
    static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    /** A cleanup the cache also runs by itself: prints what it removed. */
    abstract static class Cleanup extends SessionCommand {
        private final Function<CachingImageStore, CleanupResult> cleanup;

        Cleanup(Function<CachingImageStore, CleanupResult> cleanup) {
            this.cleanup = cleanup;
        }

        @Override
        final int run(Session s) {
            CleanupResult r = cleanup.apply(s.requireCache());
            s.out().record(fields("files_removed", r.files(), "bytes_freed", r.bytes()));
            return ExitCodes.OK;
        }
    }

    /** {@code cache verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Reads every cached image and checks it against the md5 and multihash recorded when it was"
                    + " cached; copies that fail are quarantined (exit 4 when any was). Safe beside running services.")
    static final class Verify extends SessionCommand {
        @Override
        int run(Session s) {
            ScrubResult r = s.requireCache().verify();
            s.out().record(fields("checked", r.checked(), "bytes_checked", r.bytes(), "quarantined", r.quarantined(),
                    "adopted", r.adopted()));
            return r.quarantined() > 0 ? ExitCodes.MISMATCH : ExitCodes.OK;
        }
    }

    /** {@code cache stats}. */
    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Shows the cache folder's size and counters, for every process using it and since it was"
                    + " created.")
    static final class Stats extends SessionCommand {
        @Override
        int run(Session s) {
            CachingImageStore cache = s.requireCache();
            CacheStats st = cache.stats();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dir", String.valueOf(cache.config().dir()));
            m.put("max_size", st.maxSize());
            m.put("used_bytes", st.usedBytes());
            m.put("cached_images", st.cachedImages());
            m.put("cached_bytes", st.cachedBytes());
            m.put("peak_used_bytes", st.peakUsedBytes());
            m.put("fills_in_progress", st.fillsInProgress());
            m.put("quarantined_files", st.quarantinedFiles());
            m.put("quarantined_bytes", st.quarantinedBytes());
            m.put("hits", st.hits());
            m.put("shared_reads", st.sharedReads());
            m.put("fills", st.fills());
            m.put("fills_published", st.fillsPublished());
            m.put("fills_failed", st.fillsFailed());
            m.put("pass_throughs", st.passThroughs());
            m.put("checksum_mismatches", st.checksumMismatches());
            m.put("verification_failures", st.verificationFailures());
            m.put("folder_unavailable", st.folderUnavailable());
            m.put("evictions", st.evictions());
            m.put("evicted_bytes", st.evictedBytes());
            s.out().record(m);
            return ExitCodes.OK;
        }
    }
}
