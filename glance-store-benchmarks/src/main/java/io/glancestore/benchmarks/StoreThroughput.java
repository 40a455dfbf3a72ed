package io.glancestore.benchmarks;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A throughput harness for any {@link ImageStore}: adds one file, gets it back plainly and with
 * md5 + multihash verification, repeatedly, and prints one {@code key value} line per figure for
 * a script to tabulate. With each transfer it reports the CPU time it cost this JVM and,
 * optionally, the server processes (and their children) that the store talks to, in
 * CPU-seconds per GiB, so a run on a machine where client and server share a few cores shows
 * where the time went. It also prints the JDK's single-core md5 and sha512 speed over the same
 * bytes (an add hashes with both) and the JVM's peak heap and resident memory.
 *
 * <p>The store is warmed up first with untimed transfers of a generated image, so the figures are those of a running
 * service rather than of a JVM's start-up. Keys printed: {@code jdk-md5}, {@code jdk-sha-512},
 * then per repetition {@code <prefix>-add}, {@code <prefix>-get}, {@code <prefix>-get-verified}
 * (MiB/s), each with {@code -cpu} and {@code -server-cpu} companions (CPU-seconds per GiB), then
 * {@code heap-max-mib}, {@code heap-peak-mib} and {@code rss-peak-mib}.
 *
 * <pre>{@code
 * StoreThroughput.builder().file(image).repetitions(3).serverPids(List.of(serverPid))
 *         .build().run(store);
 * }</pre>
 */
public final class StoreThroughput {

    private static final double MIB = 1 << 20;
    private static final double GIB = 1 << 30;

    private final Path file;
    private final int repetitions;
    private final long warmUpBytes;
    private final List<Long> serverPids;
    private final String prefix;
    private final boolean verifiedGets;
    private final PrintStream out;

    private StoreThroughput(Builder b) {
        this.file = Objects.requireNonNull(b.file, "file");
        this.repetitions = b.repetitions;
        this.warmUpBytes = b.warmUpBytes;
        this.serverPids = List.copyOf(b.serverPids);
        this.prefix = b.prefix;
        this.verifiedGets = b.verifiedGets;
        this.out = b.out;
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the measurements against a store; the images it adds are deleted again.
     *
     * @param store the store, already built and able to add and get
     * @throws UncheckedIOException if the file cannot be read
     */
    public void run(ImageStore store) {
        try {
            long size = Files.size(file);
            for (String algorithm : List.of("MD5", "SHA-512")) {
                long t0 = System.nanoTime();
                hashFile(algorithm);
                figure("jdk-" + algorithm.toLowerCase(Locale.ROOT), size, System.nanoTime() - t0);
            }
            long warmUp = Math.min(size, warmUpBytes);
            for (int i = 0; i < 2 && warmUp > 0; i++) {
                AddResult added = addGenerated(store, warmUp);
                read(store, added, ReadOptions.defaults());
                read(store, added, verify(added));
                store.delete(added.location());
            }
            resetPeaks();
            for (int rep = 0; rep < repetitions; rep++) {
                Sample s = new Sample(serverPids);
                AddResult added = add(store, size);
                s.report("add", size);
                s = new Sample(serverPids);
                read(store, added, ReadOptions.defaults());
                s.report("get", size);
                if (verifiedGets) {
                    s = new Sample(serverPids);
                    read(store, added, verify(added));
                    s.report("get-verified", size);
                }
                store.delete(added.location());
            }
            out.printf(Locale.ROOT, "heap-max-mib %.1f%n", Runtime.getRuntime().maxMemory() / MIB);
            out.printf(Locale.ROOT, "heap-peak-mib %.1f%n", peakHeap() / MIB);
            out.printf(Locale.ROOT, "rss-peak-mib %.1f%n", peakRssKib() / 1024.0);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AddResult add(ImageStore store, long bytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return store.add("bench-" + UUID.randomUUID(), in, bytes);
        }
    }

    private static AddResult addGenerated(ImageStore store, long bytes) throws IOException {
        try (InputStream in = new GeneratedSource(bytes, bytes)) {
            return store.add("bench-warm-up-" + UUID.randomUUID(), in, bytes);
        }
    }

    private static void read(ImageStore store, AddResult added, ReadOptions options) throws IOException {
        try (ImageData data = store.get(added.location(), 0, -1, options)) {
            data.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static ReadOptions verify(AddResult added) {
        return ReadOptions.builder().expectedMd5(added.checksum())
                .expectedMultihash(added.hashAlgorithm(), added.multihash()).build();
    }

    private void hashFile(String algorithm) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        digest.digest();
    }

    private void figure(String key, long bytes, long nanos) {
        out.printf(Locale.ROOT, "%s %.0f%n", key, bytes / MIB / (nanos / 1e9));
    }

    /** Wall clock and CPU counters at the start of one transfer. */
    private final class Sample {
        private final List<Long> pids;
        private final long wall;
        private final long ownCpu;
        private final long serverCpu;

        Sample(List<Long> pids) {
            this.pids = pids;
            this.ownCpu = ownCpuNanos();
            this.serverCpu = treeCpuNanos(pids);
            this.wall = System.nanoTime();
        }

        void report(String what, long bytes) {
            long elapsed = System.nanoTime() - wall;
            long own = ownCpuNanos() - ownCpu;
            long servers = treeCpuNanos(pids) - serverCpu;
            String key = prefix + "-" + what;
            figure(key, bytes, elapsed);
            out.printf(Locale.ROOT, "%s-cpu %.2f%n", key, own / 1e9 / (bytes / GIB));
            if (!pids.isEmpty()) {
                out.printf(Locale.ROOT, "%s-server-cpu %.2f%n", key, servers / 1e9 / (bytes / GIB));
            }
        }
    }

    private static long ownCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** CPU time of the processes and of their living descendants. */
    private static long treeCpuNanos(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            ProcessHandle root = ProcessHandle.of(pid).orElse(null);
            if (root == null) {
                continue;
            }
            sum += Stream.concat(Stream.of(root), root.descendants())
                    .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        }
        return sum;
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

    /** Peak resident set in KiB (VmHWM of /proc/self/status), or -1 where there is none. */
    private static long peakRssKib() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Configures a {@link StoreThroughput}. */
    public static final class Builder {
        private Path file;
        private int repetitions = 3;
        private long warmUpBytes = 256L << 20;
        private final List<Long> serverPids = new ArrayList<>();
        private String prefix = "java";
        private boolean verifiedGets = true;
        private PrintStream out = System.out;

        private Builder() {
        }

        /**
         * The image to add, read from a file (keep it in the page cache for repeatable figures).
         *
         * @param file the file
         * @return this builder
         */
        public Builder file(Path file) {
            this.file = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Timed add/get rounds (default 3).
         *
         * @param repetitions at least 1
         * @return this builder
         */
        public Builder repetitions(int repetitions) {
            if (repetitions < 1) {
                throw new IllegalArgumentException("repetitions must be at least 1: " + repetitions);
            }
            this.repetitions = repetitions;
            return this;
        }

        /**
         * Bytes of the untimed warm-up transfers of a generated image (default 256 MiB, never more
         * than the file; 0 for none).
         *
         * @param bytes the amount
         * @return this builder
         */
        public Builder warmUpBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("warm-up bytes must not be negative: " + bytes);
            }
            this.warmUpBytes = bytes;
            return this;
        }

        /**
         * Server processes whose CPU time (with their descendants') is reported per transfer.
         *
         * @param pids process ids
         * @return this builder
         */
        public Builder serverPids(List<Long> pids) {
            this.serverPids.addAll(pids);
            return this;
        }

        /**
         * The first word of the transfer keys (default {@code java}).
         *
         * @param prefix e.g. {@code java}
         * @return this builder
         */
        public Builder keyPrefix(String prefix) {
            if (prefix == null || !prefix.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("key prefix must be lower-case letters, digits, dashes");
            }
            this.prefix = prefix;
            return this;
        }

        /**
         * Whether to time verified gets too (default true).
         *
         * @param verified whether to
         * @return this builder
         */
        public Builder verifiedGets(boolean verified) {
            this.verifiedGets = verified;
            return this;
        }

        /**
         * Where the figures go (default standard output).
         *
         * @param out the stream
         * @return this builder
         */
        public Builder output(PrintStream out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /**
         * Builds the harness.
         *
         * @return the harness
         * @throws NullPointerException if no file was given
         */
        public StoreThroughput build() {
            return new StoreThroughput(this);
        }
    }
}
