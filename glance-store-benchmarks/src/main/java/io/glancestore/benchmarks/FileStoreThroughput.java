package io.glancestore.benchmarks;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.StoreRegistry;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Puts and gets an image through the file store and measures, in the same run and on the same
 * bytes, the machine's own limits: single-core JDK md5 and sha512, a plain FileChannel write
 * with one fsync, and a plain read. Prints MiB/s (median and range over the repetitions) and
 * the ratios the goals are written in. Usage:
 * {@code java -Xmx64m -jar glance-store-benchmarks.jar <work dir> [size MiB] [repetitions]}.
 * The external limits ({@code cat}, {@code sha512sum}, {@code dd}) are measured by the script
 * that runs this, on the file this leaves in the work dir.
 */
public final class FileStoreThroughput {

    private static final int BUFFER = 1 << 20;

    private FileStoreThroughput() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args work dir, size in MiB (default 1024), repetitions (default 3)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench").toAbsolutePath();
        long size = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Files.createDirectories(dir);
        Path source = dir.resolve("source.img");
        makeSource(source, size);
        Path images = dir.resolve("images");
        Path plain = dir.resolve("plain-write.img");

        System.out.printf("file store throughput, %d MiB image, %d repetitions, heap max %d MiB, %d cores%n",
                size >> 20, reps, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());

        List<Double> md5 = new ArrayList<>();
        List<Double> sha512 = new ArrayList<>();
        List<Double> write = new ArrayList<>();
        List<Double> read = new ArrayList<>();
        List<Double> add = new ArrayList<>();
        List<Double> getStream = new ArrayList<>();
        List<Double> getTransfer = new ArrayList<>();

        try (StoreRegistry stores = StoreRegistry.builder()
                .backend("bench", "file", Map.of("filesystem_store_datadir", images.toString())).build()) {
            ImageStore store = stores.store("bench");
            for (int i = 0; i < reps; i++) {
                md5.add(rate(size, () -> digestFile(source, "MD5")));
                sha512.add(rate(size, () -> digestFile(source, "SHA-512")));
                write.add(rate(size, () -> plainWrite(source, plain)));
                Files.deleteIfExists(plain);
                read.add(rate(size, () -> plainRead(source)));

                String id = UUID.randomUUID().toString();
                AddResult[] added = new AddResult[1];
                add.add(rate(size, () -> {
                    try (InputStream in = Files.newInputStream(source)) {
                        added[0] = store.add(id, in, size);
                    }
                    return null;
                }));
                getStream.add(rate(size, () -> {
                    try (ImageData data = store.get(added[0].location())) {
                        byte[] buf = new byte[BUFFER];
                        while (data.read(buf) >= 0) {
                            // discard, as cat > /dev/null does
                        }
                    }
                    return null;
                }));
                getTransfer.add(rate(size, () -> {
                    try (ImageData data = store.get(added[0].location());
                            OutputStream devNull = new FileOutputStream("/dev/null")) {
                        data.transferTo(devNull);
                    }
                    return null;
                }));
                store.delete(added[0].location());
            }
        }

        double slowerHash = Math.min(median(md5), median(sha512));
        System.out.println();
        System.out.printf("%-44s %10s %20s%n", "measure", "MiB/s", "range");
        row("JDK md5, one core", md5);
        row("JDK sha512, one core", sha512);
        row("plain FileChannel write + fsync", write);
        row("plain FileChannel read", read);
        row("store add (md5 + sha512 + write + fsync)", add);
        row("store get, InputStream.read into 1 MiB", getStream);
        row("store get, transferTo(/dev/null)", getTransfer);
        System.out.println();
        double bound = Math.min(slowerHash, median(write));
        System.out.printf("add / min(slower hash, plain write) = %.2f  (goal >= 0.90)%n", median(add) / bound);
        System.out.printf("add / slower hash alone              = %.2f%n", median(add) / slowerHash);
        System.out.printf("peak RSS %d MiB, heap max %d MiB%n", peakRssMiB(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("get ratios against cat: see the script's table (cat is timed outside the JVM).");
        System.out.printf("RESULT add=%.0f get_stream=%.0f get_transfer=%.0f md5=%.0f sha512=%.0f write=%.0f read=%.0f%n",
                median(add), median(getStream), median(getTransfer), median(md5), median(sha512),
                median(write), median(read));
    }

    @FunctionalInterface
    private interface Work {
        Object run() throws Exception;
    }

    private static double rate(long bytes, Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return bytes / seconds / (1 << 20);
    }

    private static Object digestFile(Path file, String algorithm) throws Exception {
        MessageDigest digest = MessageDigest.getInstance(algorithm);
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return digest.digest();
    }

    private static Object plainWrite(Path source, Path target) throws IOException {
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(source);
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0; ) {
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
            }
            out.force(true);
        }
        return null;
    }

    private static Object plainRead(Path source) throws IOException {
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(source)) {
            while (in.read(buf) >= 0) {
                // discard
            }
        }
        return null;
    }

    private static void makeSource(Path file, long size) throws IOException {
        if (Files.exists(file) && Files.size(file) == size) {
            return;
        }
        Random random = new Random(7);
        byte[] block = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - done));
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void row(String name, List<Double> values) {
        System.out.printf("%-44s %10.0f %9.0f .. %-8.0f%n", name, median(values),
                Collections.min(values), Collections.max(values));
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
}
