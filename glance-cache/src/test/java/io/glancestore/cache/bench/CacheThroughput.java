package io.glancestore.cache.bench;

import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.cache.CacheConfig;
import io.glancestore.cache.CachingImageStore;
import io.glancestore.file.FileStore;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Compares, in one run and on the same image: a direct get from the file store, a cache hit and
 * a cache miss through a cache in front of that store (a copy of the store's file beside the
 * reader; a tee for the verified miss); then the same against a store paced like a remote
 * backend. Prints MiB/s (median and range over the repetitions) and the ratios the goals are
 * written in. Small hits and verified hits: {@link CacheHitBench}. Arguments: work folder, image
 * size in MiB (default 1024), repetitions (default 3).
 */
public final class CacheThroughput {

    private static final int BUFFER = 1 << 20;

    private CacheThroughput() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args work folder, size MiB, repetitions
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/bench").toAbsolutePath();
        long size = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        deleteTree(work);
        Files.createDirectories(work);
        System.out.printf("image cache benchmark: %d MiB image, %d repetitions, heap max %d MiB, %d cores%n",
                size >> 20, reps, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());

        throughput(work, size, reps);
        remoteLike(work, size, reps);
        System.out.printf("peak RSS %d MiB%n", peakRssMiB());
    }

    private static void throughput(Path work, long size, int reps) throws Exception {
        Path source = work.resolve("source.img");
        makeSource(source, size);
        String md5 = digest(source, "MD5");
        String sha512 = digest(source, "SHA-512");
        ReadOptions verify = ReadOptions.builder().expectedMd5(md5).expectedMultihash("sha512", sha512).build();

        List<Double> directStream = new ArrayList<>();
        List<Double> directTransfer = new ArrayList<>();
        List<Double> directVerified = new ArrayList<>();
        List<Double> directBeforeMiss = new ArrayList<>();
        List<Double> directVerifiedBeforeMiss = new ArrayList<>();
        List<Double> missStream = new ArrayList<>();
        List<Double> missVerified = new ArrayList<>();
        List<Double> publish = new ArrayList<>();
        List<Double> hitStream = new ArrayList<>();
        List<Double> hitTransfer = new ArrayList<>();
        List<Double> hitVerified = new ArrayList<>();
        List<Double> directCold = new ArrayList<>();
        List<Double> missCold = new ArrayList<>();

        ImageStore store = FileStore.builder().datadir(work.resolve("images")).build();
        CacheConfig config = CacheConfig.builder().dir(work.resolve("cache")).maxSize(4 * size)
                .maintenanceInterval(Duration.ZERO).prefetcherInterval(Duration.ZERO).build();
        try (CachingImageStore cache = CachingImageStore.open(store, config)) {
            String location;
            try (InputStream in = Files.newInputStream(source)) {
                location = store.add(UUID.randomUUID().toString(), in, size).location();
            }
            String id = store.location(location).imageId();
            drain(cache.get(location));
            cache.flush();
            for (int i = 0; i < reps; i++) {
                // Each comparison is measured back to back, so drift of the shared machine hits both.
                settle();
                pair(size, 4, () -> drain(store.get(location)), () -> drain(cache.get(location)),
                        directStream, hitStream);
                pair(size, 8, () -> devNull(store.get(location)), () -> devNull(cache.get(location)),
                        directTransfer, hitTransfer);
                pair(size, 1, () -> drain(store.get(location, 0, -1, verify)),
                        () -> drain(cache.get(location, 0, -1, verify)), directVerified, hitVerified);

                cache.deleteCachedImage(id);
                settle();
                directBeforeMiss.add(rate(size, () -> drain(store.get(location))));
                touchMemory(work, 2 * size);
                missStream.add(rate(size, () -> drain(cache.get(location))));
                publish.add(rate(size, cache::flush));

                cache.deleteCachedImage(id);
                settle();
                directVerifiedBeforeMiss.add(rate(size, () -> drain(store.get(location, 0, -1, verify))));
                touchMemory(work, 2 * size);
                missVerified.add(rate(size, () -> drain(cache.get(location, 0, -1, verify))));
                cache.flush();
                if (!cache.isCached(id)) {
                    throw new IllegalStateException("the image was not cached");
                }

                // Uncached in the full sense: the store's file is not in the page cache either,
                // so both reads come from the disk.
                cache.deleteCachedImage(id);
                Path imageFile = Path.of(java.net.URI.create(location));
                settle();
                touchMemory(work, 2 * size);
                evictFromPageCache(imageFile);
                directCold.add(rate(size, () -> drain(store.get(location))));
                touchMemory(work, 2 * size);
                evictFromPageCache(imageFile);
                missCold.add(rate(size, () -> drain(cache.get(location))));
                cache.flush();

            }
        }

        System.out.println();
        System.out.printf("%-58s %10s %20s%n", "measure (" + (size >> 20) + " MiB image)", "MiB/s", "range");
        row("direct file-store get, read() into 1 MiB", directStream);
        row("direct file-store get, transferTo(/dev/null)", directTransfer);
        row("direct file-store get, md5+sha512 verified", directVerified);
        row("cache hit, read() into 1 MiB", hitStream);
        row("cache hit, transferTo(/dev/null)", hitTransfer);
        row("cache hit, md5+sha512 verified", hitVerified);
        row("direct file-store get, read(), just before the miss", directBeforeMiss);
        row("cache miss (copy beside the read), read() into 1 MiB", missStream);
        row("direct file-store get, verified, just before the miss", directVerifiedBeforeMiss);
        row("cache miss (tee), md5+sha512 verified", missVerified);
        row("  then the rest of the copy and publish (md5+sha512+fsync)", publish);
        row("direct file-store get, read(), file not in page cache", directCold);
        row("cache miss (copy beside the read), read(), not in page cache", missCold);
        System.out.println();
        System.out.printf("hit / direct, read()       = %.2f  (goal >= 0.90)%n", median(hitStream) / median(directStream));
        System.out.printf("hit / direct, transferTo   = %.2f  (goal >= 0.90)%n", median(hitTransfer) / median(directTransfer));
        System.out.printf("hit / direct, verified     = %.2f  (goal >= 0.90)%n", median(hitVerified) / median(directVerified));
        System.out.printf("miss time / direct time, read()   = %.2f  (goal <= 1.10)%n",
                median(directBeforeMiss) / median(missStream));
        System.out.printf("miss time / direct time, verified = %.2f  (goal <= 1.10)%n",
                median(directVerifiedBeforeMiss) / median(missVerified));
        System.out.printf("miss time / direct time, read(), from disk = %.2f  (goal <= 1.10)%n",
                median(directCold) / median(missCold));
    }

    /**
     * The same miss against stores that deliver at a remote backend's pace (idle waits between
     * chunks, as a socket gives): where the tee's file writes either hide in those waits or add
     * to them.
     */
    private static void remoteLike(Path work, long size, int reps) throws Exception {
        Path source = work.resolve("source.img");
        System.out.println();
        System.out.printf("%-58s %10s %10s %10s%n", "store paced like a remote backend", "direct", "miss", "miss/dir");
        for (long pace : new long[] {400, 1500}) {
            List<Double> direct = new ArrayList<>();
            List<Double> miss = new ArrayList<>();
            Path images = work.resolve("paced-images-" + pace);
            ImageStore store = new PacedStore(FileStore.builder().datadir(images).build(), pace << 20);
            CacheConfig config = CacheConfig.builder().dir(work.resolve("paced-cache-" + pace)).maxSize(4 * size)
                    .maintenanceInterval(Duration.ZERO).prefetcherInterval(Duration.ZERO).build();
            try (CachingImageStore cache = CachingImageStore.open(store, config)) {
                String location;
                try (InputStream in = Files.newInputStream(source)) {
                    location = store.add(UUID.randomUUID().toString(), in, size).location();
                }
                String id = store.location(location).imageId();
                for (int i = 0; i < reps; i++) {
                    cache.deleteCachedImage(id);
                    settle();
                    direct.add(rate(size, () -> drain(store.get(location))));
                    touchMemory(work, 2 * size);
                    miss.add(rate(size, () -> drain(cache.get(location))));
                    cache.flush();
                }
            }
            deleteTree(images);
            System.out.printf("%-58s %10.0f %10.0f %10.2f%n", String.format("paced at %d MiB/s (MiB/s; time ratio)", pace),
                    median(direct), median(miss), median(direct) / median(miss));
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /**
     * Times two ways of reading the same bytes in A B B A order, {@code rounds} times, so that
     * drift of a shared machine weighs on both alike; adds each side's rate.
     */
    private static void pair(long bytes, int rounds, Work a, Work b, List<Double> ratesA, List<Double> ratesB)
            throws Exception {
        long nanosA = 0;
        long nanosB = 0;
        for (int r = 0; r < rounds; r++) {
            nanosA += nanos(a);
            nanosB += nanos(b);
            nanosB += nanos(b);
            nanosA += nanos(a);
        }
        ratesA.add(2.0 * rounds * bytes / (nanosA / 1e9) / (1 << 20));
        ratesB.add(2.0 * rounds * bytes / (nanosB / 1e9) / (1 << 20));
    }

    private static long nanos(Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        return System.nanoTime() - t0;
    }

    private static double rate(long bytes, Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return bytes / seconds / (1 << 20);
    }

    private static void drain(ImageData data) throws IOException {
        try (data) {
            byte[] buf = new byte[BUFFER];
            while (data.read(buf) >= 0) {
                // discard, as cat > /dev/null does
            }
        }
    }

    private static void devNull(ImageData data) throws IOException {
        try (data; OutputStream out = new FileOutputStream("/dev/null")) {
            data.transferTo(out);
        }
    }

    /**
     * Waits (up to a minute) until the kernel has written back what earlier steps left dirty, so a
     * measurement does not pay for the previous one's writeback. Forcing it with sync(1) is worse
     * here: writes right after a sync are throttled for seconds on this kind of virtual disk.
     */
    private static void settle() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            long dirtyKiB = 0;
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("Dirty:") || line.startsWith("Writeback:")) {
                    dirtyKiB += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            if (dirtyKiB < 64 * 1024) {
                return;
            }
            Thread.sleep(200);
        }
    }

    /**
     * Writes and deletes a scratch file, so the page-cache pages the next step allocates are
     * memory the virtual machine has touched recently. On these VMs the first touch of memory
     * that was free for a while costs several times a copy (the host maps it in on demand), and
     * a step that allocates new page-cache pages (a tee writing its copy, a read from disk)
     * would otherwise pay that instead of its own work, at random.
     */
    private static void touchMemory(Path work, long bytes) throws IOException {
        Path scratch = work.resolve("touch.tmp");
        Files.deleteIfExists(scratch);
        writeNew(scratch, bytes);
        Files.delete(scratch); // dirty pages are dropped, not written back
    }

    private static void writeNew(Path target, long size) throws IOException {
        byte[] buf = new byte[BUFFER];
        new Random(3).nextBytes(buf);
        try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(target,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            for (long done = 0; done < size; done += buf.length) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, size - done));
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
        }
    }

    /**
     * Drops a file's clean pages from the page cache (posix_fadvise DONTNEED, through GNU dd; no
     * root needed), so the next read of it comes from the disk.
     */
    private static void evictFromPageCache(Path file) throws Exception {
        Process dd = new ProcessBuilder("dd", "if=" + file, "iflag=nocache", "count=0", "status=none")
                .redirectErrorStream(true).start();
        String output = new String(dd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (dd.waitFor() != 0) {
            throw new IOException("dd could not evict " + file + ": " + output);
        }
    }

    private static void makeSource(Path file, long size) throws IOException {
        Random random = new Random(7);
        byte[] block = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - done));
            }
        }
    }

    private static String digest(Path file, String algorithm) throws Exception {
        MessageDigest digest = MessageDigest.getInstance(algorithm);
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void row(String name, List<Double> values) {
        System.out.printf("%-58s %10.0f %9.0f .. %-8.0f%n", name, median(values), Collections.min(values),
                Collections.max(values));
    }

    private static long peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** A store whose reads deliver at most a given rate, waiting idle in between as a socket does. */
    private static final class PacedStore implements ImageStore {
        private final ImageStore delegate;
        private final long bytesPerSecond;

        PacedStore(ImageStore delegate, long bytesPerSecond) {
            this.delegate = delegate;
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public ImageData get(String location, long offset, long length, ReadOptions options) {
            ImageData data = delegate.get(location, offset, length, options);
            InputStream paced = new java.io.FilterInputStream(data) {
                private final long start = System.nanoTime();
                private long delivered;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, Math.min(len, 256 * 1024));
                    if (n > 0) {
                        delivered += n;
                        long due = start + delivered * 1_000_000_000L / bytesPerSecond;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                    return n;
                }
            };
            return ImageData.of(paced, data.offset(), data.length(), data.imageSize());
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public String type() {
            return delegate.type();
        }

        @Override
        public java.util.Set<io.glancestore.Capability> capabilities() {
            return delegate.capabilities();
        }

        @Override
        public io.glancestore.AddResult add(String imageId, InputStream data, long size,
                io.glancestore.AddOptions options) {
            return delegate.add(imageId, data, size, options);
        }

        @Override
        public long size(String location) {
            return delegate.size(location);
        }

        @Override
        public void delete(String location) {
            delegate.delete(location);
        }

        @Override
        public boolean handles(String location) {
            return delegate.handles(location);
        }

        @Override
        public io.glancestore.location.StoreLocation location(String location) {
            return delegate.location(location);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
