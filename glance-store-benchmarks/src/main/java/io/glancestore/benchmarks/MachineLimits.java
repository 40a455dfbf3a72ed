package io.glancestore.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the machine itself allows, measured in the same run as the store: how many small files
 * the disk publishes durably per second (write, fsync, rename, fsync of the folder: the least an
 * add that survives a power cut must do), how fast one core hashes with md5 and with sha512
 * (an add does both over every byte), and how fast {@code cat} reads a file from the page cache.
 */
final class MachineLimits {

    private MachineLimits() {
    }

    /**
     * How long ext4 without a journal (the disk of the machines this runs on) keeps skipping an
     * inode after it was freed: 5 s, or 10 s while the inode table's block is still dirty. Each
     * new file then scans past every inode freed that recently in its group, which cost ~40 % of
     * a publish's CPU right after a round of deletions. Timed publishes and adds therefore never
     * follow deletions by less than this (see {@link #settleAfterDeletes()}).
     */
    static final Duration RECENTLY_FREED = Duration.ofSeconds(11);

    /**
     * Publishes files durably from several threads at once and returns files per second. The
     * files are {@code <prefix>-<n>} and stay; {@link #removeFiles} removes them.
     *
     * @param folder a folder on the disk under test
     * @param prefix names this batch, unique in the folder
     * @param size bytes per file
     * @param threads threads publishing at once
     * @param files files in all
     * @return files per second
     */
    static double durablePublishRate(Path folder, String prefix, int size, int threads, int files)
            throws Exception {
        return publishRate(folder, prefix, size, threads, files, false);
    }

    /**
     * Like {@link #durablePublishRate}, and each file's md5 and sha512 computed as well, the least
     * an add must do: the digests run on a second thread per publishing thread while the file is
     * written and synced (as the store's own add overlaps them), and each publish waits for them.
     *
     * @param folder a folder on the disk under test
     * @param prefix names this batch, unique in the folder
     * @param size bytes per file
     * @param threads threads publishing at once
     * @param files files in all
     * @return files per second
     */
    static double hashedPublishRate(Path folder, String prefix, int size, int threads, int files)
            throws Exception {
        return publishRate(folder, prefix, size, threads, files, true);
    }

    private static double publishRate(Path folder, String prefix, int size, int threads, int files,
            boolean digests) throws Exception {
        Files.createDirectories(folder);
        byte[] data = new byte[size];
        new Random(1).nextBytes(data);
        ExecutorService hashing = digests ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "publish-digests");
            t.setDaemon(true);
            return t;
        }) : null;
        long t0 = System.nanoTime();
        try {
            Workers.run(threads, files, () -> {
                ByteBuffer buffer = ByteBuffer.allocateDirect(size);
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
                return i -> {
                    Future<?> hashed = hashing == null ? null : hashing.submit(() -> {
                        md5.update(data);
                        sha512.update(data);
                        return md5.digest().length + sha512.digest().length;
                    });
                    publish(folder, prefix + "-" + i, buffer.clear().put(data).flip());
                    if (hashed != null) {
                        hashed.get();
                    }
                };
            });
        } finally {
            if (hashing != null) {
                hashing.shutdown();
            }
        }
        return files / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * Removes the files of a folder (not the folder).
     *
     * @param folder the folder
     */
    static void removeFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var entries = Files.list(folder)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                Files.delete(p);
            }
        }
    }

    /** Waits until the inodes freed so far no longer slow down the creation of files ({@link #RECENTLY_FREED}). */
    static void settleAfterDeletes() throws InterruptedException {
        Thread.sleep(RECENTLY_FREED.toMillis());
    }

    private static void publish(Path folder, String name, ByteBuffer data) throws IOException {
        Path temp = folder.resolve("." + name + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (data.hasRemaining()) {
                out.write(data);
            }
            out.force(true);
        }
        Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * One core's hashing speed over bytes in memory.
     *
     * @param algorithm {@code MD5} or {@code SHA-512}
     * @param bytes how many bytes to hash
     * @return MiB/s
     */
    static double hashRate(String algorithm, long bytes) throws Exception {
        byte[] block = new byte[1 << 20];
        new Random(2).nextBytes(block);
        MessageDigest digest = MessageDigest.getInstance(algorithm);
        for (int i = 0; i < 64; i++) {
            digest.update(block); // warm-up
        }
        digest.reset();
        long t0 = System.nanoTime();
        for (long done = 0; done < bytes; done += block.length) {
            digest.update(block);
        }
        digest.digest();
        return bytes / ((System.nanoTime() - t0) / 1e9) / (1 << 20);
    }

    /**
     * Times {@code cat file > /dev/null} of a file in the page cache.
     *
     * @param file a file of at least some hundred MiB, written (and so cached) just before
     * @return MiB/s
     */
    static double catRate(Path file) throws Exception {
        long size = Files.size(file);
        run(file); // brings the file into the page cache if it was not
        long t0 = System.nanoTime();
        run(file);
        return size / ((System.nanoTime() - t0) / 1e9) / (1 << 20);
    }

    private static void run(Path file) throws Exception {
        Process cat = new ProcessBuilder("cat", file.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (cat.waitFor() != 0) {
            throw new IOException("cat " + file + " failed");
        }
    }

    /**
     * Writes a file of generated bytes for {@link #catRate}.
     *
     * @param file where
     * @param size bytes
     */
    static void writeFile(Path file, long size) throws IOException {
        byte[] buffer = new byte[1 << 20];
        try (GeneratedSource in = new GeneratedSource(size, 3); OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
                out.write(buffer, 0, n);
            }
        }
    }
}
