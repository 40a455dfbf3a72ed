package io.glancestore.ceph.bench;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ReadOptions;
import io.glancestore.ceph.RbdStore;
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
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Times the rbd store's add and get of one file against a running cluster, several times, and
 * the JDK's single-core md5 and sha512 over the same bytes (an add hashes with both, so it cannot
 * beat the slower of the two). Prints one {@code key value} line per figure, MiB/s, for
 * {@code scripts/ceph/bench.sh} to tabulate. Run it in a small heap ({@code -Xmx64m}): it also
 * reports the peak heap and resident memory. The store is warmed up first (untimed adds and gets
 * of the file's first 256 MiB), as in a running service.
 *
 * <pre>{@code java -Xmx64m -cp ... io.glancestore.ceph.bench.RbdBenchmark <cluster.env> <file> <repetitions>}</pre>
 */
public final class RbdBenchmark {

    private static final double MIB = 1 << 20;

    private RbdBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the cluster's env file, the image file, the number of repetitions
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: RbdBenchmark <cluster.env> <file> <repetitions>");
            System.exit(64);
        }
        Map<String, String> env = ScriptedServer.readEnv(Path.of(args[0]), "CEPH_CONF", "CEPH_USER", "CEPH_POOL");
        Path file = Path.of(args[1]);
        int reps = Integer.parseInt(args[2]);
        long size = Files.size(file);

        for (String algorithm : List.of("MD5", "SHA-512")) {
            long t0 = System.nanoTime();
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            byte[] buffer = new byte[1 << 20];
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
            }
            digest.digest();
            report("jdk-" + algorithm.toLowerCase(Locale.ROOT), size, System.nanoTime() - t0);
        }

        resetPeaks();
        try (RbdStore store = RbdStore.builder().cephConf(Path.of(env.get("CEPH_CONF"))).user(env.get("CEPH_USER"))
                .pool(env.get("CEPH_POOL")).build()) {
            store.fsid();
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

                t0 = System.nanoTime();
                ReadOptions verify = ReadOptions.builder().expectedMd5(added.checksum())
                        .expectedMultihash(added.hashAlgorithm(), added.multihash()).build();
                try (ImageData data = store.get(added.location(), 0, -1, verify)) {
                    data.transferTo(OutputStream.nullOutputStream());
                }
                report("java-get-verified", size, System.nanoTime() - t0);
                store.delete(added.location());
            }
        }
        System.out.printf(Locale.ROOT, "heap-max-mib %.1f%n", Runtime.getRuntime().maxMemory() / MIB);
        System.out.printf(Locale.ROOT, "heap-peak-mib %.1f%n", peakHeap() / MIB);
        System.out.printf(Locale.ROOT, "rss-peak-mib %.1f%n", peakRss() / 1024.0);
    }

    /**
     * Adds and gets the start of the file a few times untimed, so the figures are of a running
     * service's JVM (compiled code, loaded classes, one connection) rather than of its start-up.
     */
    private static void warmUp(RbdStore store, Path file, long bytes) throws IOException {
        for (int i = 0; i < 3; i++) {
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
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
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
