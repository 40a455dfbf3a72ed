package io.glancestore.cache.bench;

import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.cache.CacheConfig;
import io.glancestore.cache.CachingImageStore;
import io.glancestore.file.FileStore;
import io.glancestore.support.ParallelDigests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Cache hits as services see them, through the public API only: hits per second and latency of
 * a 64 KiB image read by 1 and by 4 processes (separate JVMs) on one cache folder at once, then
 * the throughput of a 1 GiB hit with the default checks and with full verification, against a
 * direct read of the cached file and against hashing the same bytes (md5 and sha512 on two
 * threads, the CPU bound of a verified read). Arguments: work folder, big image MiB (default
 * 1024), seconds per small-hit run (default 5), repetitions of the big-image rows (default 3).
 */
public final class CacheHitBench {

    private static final int SMALL = 64 * 1024;
    private static final int BUFFER = 1 << 20;

    private CacheHitBench() {
    }

    /**
     * Runs the benchmark, or one child process of it.
     *
     * @param args see the class description; a child gets {@code child} first
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args);
            return;
        }
        Path work = Path.of(args.length > 0 ? args[0] : "target/bench-hits").toAbsolutePath();
        long big = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        deleteTree(work);
        Files.createDirectories(work);
        System.out.printf("cache hit benchmark: %d KiB image for %d s per run, %d MiB image x %d, %d cores%n",
                SMALL >> 10, seconds, big >> 20, reps, Runtime.getRuntime().availableProcessors());
        smallHits(work, seconds);
        bigHits(work, big, reps);
    }

    private static CacheConfig config(Path cache, boolean verifyHits) {
        Map<String, String> options = new HashMap<>();
        options.put(CacheConfig.IMAGE_CACHE_DIR, cache.toString());
        options.put(CacheConfig.IMAGE_CACHE_MAX_SIZE, Long.toString(8L << 30));
        options.put(CacheConfig.IMAGE_CACHE_MAINTENANCE_INTERVAL, "0");
        options.put(CacheConfig.CACHE_PREFETCHER_INTERVAL, "0");
        options.put("image_cache_verify_hits", Boolean.toString(verifyHits));
        return CacheConfig.fromOptions(options);
    }

    private static boolean fullVerificationSupported() {
        try {
            CacheConfig.class.getField("IMAGE_CACHE_VERIFY_HITS");
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    private static void smallHits(Path work, int seconds) throws Exception {
        Path datadir = work.resolve("store");
        Path cacheDir = work.resolve("cache");
        String location;
        try (ImageStore store = FileStore.builder().datadir(datadir).build()) {
            byte[] bytes = new byte[SMALL];
            new Random(64).nextBytes(bytes);
            location = store.add(UUID.randomUUID().toString(), new java.io.ByteArrayInputStream(bytes), SMALL)
                    .location();
        }
        try (CachingImageStore cache = CachingImageStore.open(FileStore.builder().datadir(datadir).build(),
                config(cacheDir, false))) {
            drain(cache.get(location));
            cache.flush();
        }
        System.out.println();
        System.out.println("| 64 KiB hit | processes | hits/s (all) | p50 us | p99 us |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int processes : new int[] {1, 4}) {
            long startAt = System.currentTimeMillis() + 4000L + 500L * processes;
            List<Process> children = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                children.add(new ProcessBuilder(javaCommand(datadir.toString(), cacheDir.toString(), location,
                        Integer.toString(seconds), Long.toString(startAt))).redirectErrorStream(true).start());
            }
            long hits = 0;
            List<Double> p50 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (Process p : children) {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String result = null;
                List<String> lines = new ArrayList<>();
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("RESULT ")) {
                        result = line;
                    } else {
                        lines.add(line);
                    }
                }
                p.waitFor();
                if (result == null) {
                    failures.add(lines.stream().filter(l -> l.contains("Exception")).findFirst()
                            .orElse("exit " + p.exitValue()));
                    continue;
                }
                String[] f = result.split(" ");
                hits += Long.parseLong(f[1]);
                p50.add(Double.parseDouble(f[2]));
                p99.add(Double.parseDouble(f[3]));
            }
            if (!failures.isEmpty()) {
                System.out.printf("| fails | %d | %d of %d processes failed: %s | | |%n", processes, failures.size(),
                        processes, failures.get(0));
                continue;
            }
            System.out.printf("| read() into 64 KiB | %d | %.0f | %.1f | %.1f |%n", processes, hits / (double) seconds,
                    median(p50), median(p99));
        }
    }

    private static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), CacheHitBench.class.getName(), "child"));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** One process of the small-hit run: warms up, waits for the common start, counts hits. */
    private static void child(String[] args) throws Exception {
        Path datadir = Path.of(args[1]);
        Path cacheDir = Path.of(args[2]);
        String location = args[3];
        long millis = Long.parseLong(args[4]) * 1000L;
        long startAt = Long.parseLong(args[5]);
        byte[] buf = new byte[SMALL];
        try (CachingImageStore cache = CachingImageStore.open(FileStore.builder().datadir(datadir).build(),
                config(cacheDir, false))) {
            for (int i = 0; i < 20_000; i++) {
                hit(cache, location, buf);
            }
            Thread.sleep(Math.max(0, startAt - System.currentTimeMillis()));
            long[] latencies = new long[1 << 22];
            int n = 0;
            long end = System.nanoTime() + millis * 1_000_000L;
            for (long now = System.nanoTime(); now < end; ) {
                hit(cache, location, buf);
                long after = System.nanoTime();
                if (n < latencies.length) {
                    latencies[n] = after - now;
                }
                n++;
                now = after;
            }
            Arrays.sort(latencies, 0, Math.min(n, latencies.length));
            int kept = Math.min(n, latencies.length);
            System.out.printf("RESULT %d %.1f %.1f%n", n, latencies[kept / 2] / 1000.0, latencies[kept * 99 / 100] / 1000.0);
        }
    }

    private static void hit(ImageStore cache, String location, byte[] buf) throws IOException {
        try (ImageData data = cache.get(location)) {
            int total = 0;
            for (int r; (r = data.read(buf, 0, buf.length)) > 0; ) {
                total += r;
            }
            if (total != SMALL) {
                throw new IllegalStateException("read " + total + " bytes");
            }
        }
    }

    private static void bigHits(Path work, long size, int reps) throws Exception {
        Path datadir = work.resolve("big-store");
        Path cacheDir = work.resolve("big-cache");
        String location;
        String id = UUID.randomUUID().toString();
        try (ImageStore store = FileStore.builder().datadir(datadir).build()) {
            location = store.add(id, new RandomStream(size), size).location();
        }
        boolean full = fullVerificationSupported();
        List<Double> direct = new ArrayList<>();
        List<Double> hit = new ArrayList<>();
        List<Double> hashBound = new ArrayList<>();
        List<Double> verified = new ArrayList<>();
        try (CachingImageStore cache = CachingImageStore.open(FileStore.builder().datadir(datadir).build(),
                config(cacheDir, false))) {
            drain(cache.get(location));
            cache.flush();
            Path cached = cacheDir.resolve(id);
            for (int i = 0; i < reps + 1; i++) {
                double d = rate(size, () -> drain(Files.newInputStream(cached)));
                double h = rate(size, () -> drain(cache.get(location)));
                double b = rate(size, () -> hashAll(Files.newInputStream(cached)));
                if (i > 0) { // the first round warms up the JIT and the page cache
                    direct.add(d);
                    hit.add(h);
                    hashBound.add(b);
                }
            }
        }
        if (full) {
            try (CachingImageStore cache = CachingImageStore.open(FileStore.builder().datadir(datadir).build(),
                    config(cacheDir, true))) {
                for (int i = 0; i < reps + 1; i++) {
                    double v = rate(size, () -> drain(cache.get(location, 0, -1, ReadOptions.defaults())));
                    if (i > 0) {
                        verified.add(v);
                    }
                }
            }
        }
        System.out.println();
        System.out.printf("| %d MiB image, read() into 1 MiB | MiB/s median | range |%n", size >> 20);
        System.out.println("|---|---:|---|");
        row("direct read of the cached file", direct);
        row("cache hit, default checks", hit);
        row("md5 + sha512 of the same bytes on two threads (CPU bound)", hashBound);
        if (full) {
            row("cache hit, full verification", verified);
        } else {
            System.out.println("| cache hit, full verification | n/a | not offered |");
        }
        System.out.printf("hit / direct = %.2f x%s%n", median(hit) / median(direct),
                full ? String.format(", verified hit / hash bound = %.2f x", median(verified) / median(hashBound)) : "");
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double rate(long bytes, Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        return (bytes / (double) (1 << 20)) / ((System.nanoTime() - t0) / 1e9);
    }

    private static void drain(InputStream in) throws IOException {
        try (in) {
            byte[] buf = new byte[BUFFER];
            while (in.read(buf, 0, buf.length) >= 0) {
                // only the reading is measured
            }
        }
    }

    private static void hashAll(InputStream in) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        MessageDigest sha = MessageDigest.getInstance("SHA-512");
        try (in; ParallelDigests digests = new ParallelDigests(md5, sha)) {
            byte[] buf = new byte[BUFFER];
            for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
                digests.update(buf, 0, n);
            }
            digests.finish();
        }
        md5.digest();
        sha.digest();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }

    private static void row(String name, List<Double> values) {
        System.out.printf("| %s | %.0f | %.0f .. %.0f |%n", name, median(values),
                values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : (Iterable<Path>) tree.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** Pseudo-random bytes, generated as read. */
    private static final class RandomStream extends InputStream {
        private final Random random = new Random(1024);
        private long left;

        RandomStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return random.nextInt(256);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            left -= n;
            return n;
        }
    }
}
