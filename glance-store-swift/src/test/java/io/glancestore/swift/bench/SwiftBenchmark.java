package io.glancestore.swift.bench;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.swift.SwiftStore;
import io.glancestore.tck.ScriptedServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Times the swift store's add and get of one file against a running Swift, segmented as Glance
 * would segment it. Prints one {@code key value} line per figure, MiB/s, for
 * {@code scripts/swift/bench.sh} to tabulate, and the peak heap and resident memory: run it with
 * {@code -Xmx64m}. The store is warmed up first (untimed adds and gets of up to 256 MiB).
 *
 * <pre>{@code java -Xmx64m -cp ... io.glancestore.swift.bench.SwiftBenchmark <swift.env> <file> <repetitions> <segment MB>}</pre>
 */
public final class SwiftBenchmark {

    private static final double MIB = 1 << 20;

    private SwiftBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the server's env file, the image file, the number of repetitions, the segment
     *     size in Glance MB (also the large object size)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: SwiftBenchmark <swift.env> <file> <repetitions> <segment MB>");
            System.exit(64);
        }
        Map<String, String> env = ScriptedServer.readEnv(Path.of(args[0]));
        Path file = Path.of(args[1]);
        int reps = Integer.parseInt(args[2]);
        long segmentMb = Long.parseLong(args[3]);
        long size = Files.size(file);
        resetPeaks();
        try (SwiftStore store = SwiftStore.builder().authAddress(env.get("SWIFT_AUTH_URL")).authVersion("1")
                .user(env.get("SWIFT_USER")).key(env.get("SWIFT_KEY")).container("bench").createContainerOnPut(true)
                .largeObjectSizeMB(segmentMb).largeObjectChunkSizeMB(segmentMb).build()) {
            warmUp(store, file, Math.min(size, 256L << 20));
            for (int rep = 0; rep < reps; rep++) {
                String id = "bench-" + UUID.randomUUID();
                long t0 = System.nanoTime();
                AddResult added;
                try (InputStream in = Files.newInputStream(file)) {
                    added = store.add(id, in, size);
                }
                report("java-add", size, System.nanoTime() - t0);
                t0 = System.nanoTime();
                try (ImageData data = store.get(added.location())) {
                    data.transferTo(OutputStream.nullOutputStream());
                }
                report("java-get", size, System.nanoTime() - t0);
                store.delete(added.location());
            }
        }
        System.out.printf(Locale.ROOT, "heap-max-mib %.1f%n", Runtime.getRuntime().maxMemory() / MIB);
        System.out.printf(Locale.ROOT, "heap-peak-mib %.1f%n", peakHeap() / MIB);
        System.out.printf(Locale.ROOT, "rss-peak-mib %.1f%n", peakRss() / 1024.0);
    }

    private static void warmUp(SwiftStore store, Path file, long bytes) throws IOException {
        for (int i = 0; i < 2; i++) {
            AddResult added;
            try (InputStream in = Files.newInputStream(file)) {
                added = store.add("bench-warm-up-" + UUID.randomUUID(), new BoundedInputStream(in, bytes), bytes);
            }
            try (ImageData data = store.get(added.location())) {
                data.transferTo(OutputStream.nullOutputStream());
            }
            store.delete(added.location());
        }
        resetPeaks();
    }

    /** The first {@code limit} bytes of a stream. */
    private static final class BoundedInputStream extends FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    private static void report(String name, long bytes, long nanos) {
        System.out.printf(Locale.ROOT, "%s %.0f%n", name, bytes / MIB / (nanos / 1e9));
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Peak resident set in KiB, from /proc/self/status (VmHWM). */
    private static long peakRss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
