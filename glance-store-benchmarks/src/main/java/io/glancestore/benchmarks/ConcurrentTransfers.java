package io.glancestore.benchmarks;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.StoreRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Many adds and gets at once through one store embedded in this JVM, as a service runs them: for
 * each image size and each number of concurrent operations, a fixed pool of that many threads
 * adds generated images (no file behind them), then gets them back, plainly, all of them the
 * same image, and with md5 and the multihash verified. Prints per cell MiB/s, operations per second, the median and 99th
 * percentile latency of one operation, and the peak resident memory, heap and pooled transfer
 * buffers while the cell ran; beside them, measured in the same run, the machine's own limits:
 * the durable publish rate of small files, one core's md5 and sha512 speed and {@code cat}. With
 * {@code --cache}, the gets read through a glance-cache ({@link CachedReads}): each image once as
 * a miss, then, when the cache holds them all, again as hits.
 * Usage: see {@link BenchmarkOptions}.
 */
public final class ConcurrentTransfers {

    private static final int READ_BUFFER = 64 * 1024;
    /**
     * File store cells of images up to this size wait out {@link MachineLimits#RECENTLY_FREED}
     * first: their adds are mostly file creations, which the previous cell's deletions slow down.
     */
    private static final long SETTLED_SIZE = 1 << 20;

    private final ImageStore store;
    /** The cache the gets read through, or {@code null}. */
    private final CachedReads cached;
    private final BenchmarkOptions options;
    private final List<String> failures = new ArrayList<>();
    /** Peak RSS (KiB) and pooled bytes per "op size" and concurrency, for the memory summary. */
    private final Map<String, Map<Integer, long[]>> memory = new LinkedHashMap<>();

    private ConcurrentTransfers(ImageStore store, CachedReads cached, BenchmarkOptions options) {
        this.store = cached == null ? store : cached.store();
        this.cached = cached;
        this.options = options;
    }

    /**
     * Runs the benchmark.
     *
     * @param args see {@link BenchmarkOptions#usage()}
     * @throws Exception on a failure outside the measured operations
     */
    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        Files.createDirectories(options.work());
        System.out.printf(Locale.ROOT, "%s store%s, heap max %d MiB, %d cores%s%n", options.type(),
                options.cache() == null ? "" : " read through glance-cache",
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                PoolProbe.describe());
        int failed;
        try (StoreRegistry stores = StoreRegistry.builder().backend("bench", options.type(), options.storeOptions())
                .build();
                CachedReads cached = options.cache() == null ? null
                        : CachedReads.open(stores.store("bench"), options.cache(), options.maxStored())) {
            ConcurrentTransfers run = new ConcurrentTransfers(stores.store("bench"), cached, options);
            run.warmUp();
            if (options.limits()) {
                run.printLimits();
                if (options.type().equals("file") && cached == null) {
                    Path datadir = Path.of(options.storeOptions().get("filesystem_store_datadir"));
                    new SmallAdds(stores.store("bench"), datadir.resolveSibling(datadir.getFileName() + "-publish-rate"),
                            options.smallAddRounds()).run();
                }
            }
            run.cells();
            run.printMemoryPerOperation();
            failed = run.failures.size();
        }
        if (failed > 0) {
            System.out.println(failed + " operations failed");
            System.exit(1);
        }
    }

    private void warmUp() throws Exception {
        for (long size : options.sizes()) {
            long warm = Math.min(size, 64L << 20);
            runCell("warm-up", warm, 2, (int) Math.max(4, Math.min(200, (256L << 20) / warm)), false);
        }
        failures.clear();
    }

    private void printLimits() throws Exception {
        Path folder = options.work().resolve("publish-rate");
        int small = 64 * 1024;
        // The warm-up removed its images just before.
        MachineLimits.settleAfterDeletes();
        double one = MachineLimits.durablePublishRate(folder, "one", small, 1, 1000);
        double sixteen = MachineLimits.durablePublishRate(folder, "sixteen", small, 16, 2000);
        MachineLimits.removeFiles(folder);
        double md5 = MachineLimits.hashRate("MD5", 1L << 30);
        double sha512 = MachineLimits.hashRate("SHA-512", 1L << 30);
        Path catFile = options.work().resolve("cat-source.img");
        long catSize = Math.min(1L << 30, Collections.max(options.sizes()));
        MachineLimits.writeFile(catFile, Math.max(catSize, 64L << 20));
        double cat = MachineLimits.catRate(catFile);
        Files.delete(catFile);
        double cpuPerGiB = 1024 / md5 + 1024 / sha512;
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.println();
        System.out.println("machine limits, same run:");
        System.out.printf(Locale.ROOT, "  durable publish of 64 KiB files (write, fsync, rename, folder fsync): "
                + "%.0f files/s from 1 thread, %.0f from 16%n", one, sixteen);
        System.out.printf(Locale.ROOT, "  one core: md5 %.0f MiB/s, sha512 %.0f MiB/s; md5 + sha512 cost %.2f "
                + "CPU-s per GiB, so %d cores hash at most %.0f MiB/s%n", md5, sha512, cpuPerGiB, cores,
                cores * 1024 / cpuPerGiB);
        System.out.printf(Locale.ROOT, "  cat of a %d MiB file in the page cache: %.0f MiB/s%n",
                Math.max(catSize, 64L << 20) >> 20, cat);
        System.out.printf(Locale.ROOT, "limit publish-1 %.0f%nlimit publish-16 %.0f%nlimit md5 %.0f%n"
                + "limit sha512 %.0f%nlimit hash-bound %.0f%nlimit cat %.0f%n", one, sixteen, md5, sha512,
                cores * 1024 / cpuPerGiB, cat);
    }

    private void cells() throws Exception {
        System.out.println();
        System.out.printf("| op | size | concurrent | ops | MiB/s | ops/s | p50 ms | p99 ms | peak RSS MiB "
                + "| peak heap MiB | peak pooled MiB |%n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n");
        for (long size : options.sizes()) {
            for (int concurrency : options.concurrency()) {
                long cellSize = size;
                if (cellSize * concurrency > options.maxStored()) {
                    // All images of a cell exist at once at its end: scale the size, not the concurrency.
                    cellSize = Math.max(1 << 20, Long.highestOneBit(options.maxStored() / concurrency));
                }
                long bytes = Math.max(options.opsBytes(), cellSize * concurrency);
                int ops = (int) Math.min(options.maxOps(), Math.max(concurrency, bytes / cellSize));
                ops = Math.max(concurrency, ops / concurrency * concurrency);
                String label = sizeLabel(size) + (cellSize != size ? " as " + sizeLabel(cellSize) : "");
                if (options.type().equals("file") && cellSize <= SETTLED_SIZE) {
                    // The previous cell removed its images just before (see SmallAdds).
                    MachineLimits.settleAfterDeletes();
                }
                runCell(label, cellSize, concurrency, ops, true);
            }
        }
    }

    private void runCell(String label, long size, int concurrency, int ops, boolean print) throws Exception {
        AtomicReferenceArray<AddResult> added = new AtomicReferenceArray<>(ops);
        Stats adds = run(concurrency, ops, i -> {
            String id = UUID.randomUUID().toString();
            added.set(i, store.add(id, new GeneratedSource(size, i), size));
        });
        report(print, "add", label, concurrency, ops, size, adds);
        List<AddResult> images = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
            if (added.get(i) != null) {
                images.add(added.get(i));
            }
        }
        if (!images.isEmpty()) {
            Stats gets = run(concurrency, ops, i -> read(images.get(i % images.size()), false));
            report(print, cached == null ? "get" : "get-miss", label, concurrency, ops, size, gets);
            if (cached != null) {
                int uncached = cached.awaitCached(images, Duration.ofMinutes(2));
                if (uncached > 0 && print) {
                    System.out.printf(Locale.ROOT, "  %d of %d images not cached after 2 minutes: some hits below "
                            + "are misses%n", uncached, images.size());
                }
                Stats hits = run(concurrency, ops, i -> read(images.get(i % images.size()), false));
                report(print, "get-hit", label, concurrency, ops, size, hits);
            }
            if (concurrency > 1) {
                Stats same = run(concurrency, ops, i -> read(images.get(0), false));
                report(print, "get-one-image", label, concurrency, ops, size, same);
            }
            if (options.verifiedGets()) {
                Stats verified = run(concurrency, ops, i -> read(images.get(i % images.size()), true));
                report(print, "get-verified", label, concurrency, ops, size, verified);
            }
        }
        for (AddResult image : images) {
            store.delete(image.location());
        }
    }

    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[READ_BUFFER]);

    private void read(AddResult image, boolean verified) throws IOException {
        ReadOptions read = verified ? ReadOptions.builder().expectedMd5(image.checksum())
                .expectedMultihash(image.hashAlgorithm(), image.multihash()).build() : ReadOptions.defaults();
        byte[] buffer = BUFFERS.get();
        long total = 0;
        try (ImageData data = store.get(image.location(), 0, -1, read)) {
            for (int n; (n = data.read(buffer, 0, buffer.length)) >= 0; ) {
                total += n;
            }
        }
        if (total != image.size()) {
            throw new IOException("read " + total + " of " + image.size() + " bytes");
        }
    }

    /** Latencies and wall time of one batch of operations. */
    private record Stats(List<Long> latenciesNanos, long wallNanos, int failed, long rssPeakKib, long heapPeak,
            long pooledPeak) {
    }

    private Stats run(int concurrency, int ops, Workers.Operation op) throws Exception {
        System.gc();
        Memory.resetPeaks();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        Workers.run(concurrency, ops, () -> i -> {
            long s = System.nanoTime();
            try {
                op.run(i);
                latencies.add(System.nanoTime() - s);
            } catch (Exception | Error e) {
                failed.incrementAndGet();
                synchronized (failures) {
                    if (failures.size() < 10) {
                        System.out.println("  failure: " + e);
                    }
                    failures.add(e.toString());
                }
            }
        });
        long wall = System.nanoTime() - t0;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Stats(sorted, wall, failed.get(), Memory.rssPeakKib(), Memory.heapPeak(), PoolProbe.peakLeased());
    }

    /**
     * What one more operation in flight costs: the growth of the peak RSS from the fewest to the
     * most operations at once, per added operation, and the pooled buffers per operation at the
     * most.
     */
    private void printMemoryPerOperation() {
        System.out.println();
        System.out.println("memory per operation in flight (peak RSS growth from the fewest to the most at once, "
                + "per added operation; pooled transfer buffers at the most, per operation):");
        memory.forEach((key, byConcurrency) -> {
            int low = Collections.min(byConcurrency.keySet());
            int high = Collections.max(byConcurrency.keySet());
            if (high == low) {
                return;
            }
            long[] a = byConcurrency.get(low);
            long[] b = byConcurrency.get(high);
            double rssPerOp = (b[0] - a[0]) / 1024.0 / (high - low);
            System.out.printf(Locale.ROOT, "  %-24s %d -> %d at once: RSS %+.2f MiB per operation, pooled %s%n", key,
                    low, high, rssPerOp, b[1] < 0 ? "-" : String.format(Locale.ROOT, "%.2f MiB per operation",
                            b[1] / 1048576.0 / high));
            System.out.printf(Locale.ROOT, "memory %s %s %d %d %.3f %.3f%n", options.type(), key.replace(' ', '_'),
                    low, high, rssPerOp, b[1] < 0 ? -1 : b[1] / 1048576.0 / high);
        });
    }

    private void report(boolean print, String op, String label, int concurrency, int ops, long size, Stats s) {
        if (!print) {
            return;
        }
        memory.computeIfAbsent(op + " " + label.replaceAll(" as .*", ""), k -> new java.util.TreeMap<>())
                .put(concurrency, new long[] {s.rssPeakKib(), s.pooledPeak()});
        int done = s.latenciesNanos().size();
        double seconds = s.wallNanos() / 1e9;
        double mibps = done * (double) size / seconds / (1 << 20);
        double opsps = done / seconds;
        double p50 = percentile(s.latenciesNanos(), 0.50) / 1e6;
        double p99 = percentile(s.latenciesNanos(), 0.99) / 1e6;
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d%s | %.0f | %.1f | %.2f | %.2f | %d | %d | %s |%n", op, label,
                concurrency, done, s.failed() > 0 ? " (" + s.failed() + " failed)" : "", mibps, opsps, p50, p99,
                s.rssPeakKib() >> 10, s.heapPeak() >> 20,
                s.pooledPeak() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", s.pooledPeak() / 1048576.0));
        System.out.printf(Locale.ROOT, "cell %s %s %s %d %d %.1f %.2f %.3f %.3f %d %d %d%n", options.type(), op,
                label.replace(' ', '_'), concurrency, done, mibps, opsps, p50, p99, s.rssPeakKib() >> 10,
                s.heapPeak() >> 20, s.pooledPeak() < 0 ? -1 : s.pooledPeak() >> 10);
        System.out.flush();
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    static String sizeLabel(long size) {
        if (size >= 1L << 30 && size % (1L << 30) == 0) {
            return (size >> 30) + " GiB";
        }
        if (size >= 1L << 20 && size % (1L << 20) == 0) {
            return (size >> 20) + " MiB";
        }
        return (size >> 10) + " KiB";
    }
}
