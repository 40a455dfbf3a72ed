package io.glancestore.benchmarks;

import io.glancestore.AddResult;
import io.glancestore.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * 64 KiB adds to a file store against what the same disk and processors allow, in the same JVM:
 * the durable publish rate of 64 KiB files (write, fsync, rename, fsync of the folder), and the
 * same publish with each file's md5 and sha512 computed beside it (the least an add must do). The
 * three run in alternating rounds, so that all see the same disk load (fsync latency drifts with
 * whatever else the machine does); printed are the medians of the rounds, their ranges, the ratio
 * of the medians and the median of the ratios of each add round to the publish round just before
 * it, from 1 and from 16 threads.
 *
 * <p>Every file and image of a thread count's rounds stays until its last round, and each thread
 * count starts {@link MachineLimits#RECENTLY_FREED} after the last deletions: on ext4 without a
 * journal, creating a file right after many were removed scans past every inode freed in the last
 * seconds, which would charge the benchmark's own clean-up to whichever round came next.
 *
 * @param store a file store
 * @param folder a folder for the publishes, on the store's disk, removed afterwards
 * @param rounds rounds of each kind per thread count
 */
record SmallAdds(ImageStore store, Path folder, int rounds) {

    private static final int SIZE = 64 * 1024;

    /** Runs the rounds and prints the table and the {@code limit} lines. */
    void run() throws Exception {
        System.out.println();
        System.out.println("64 KiB adds against durable publishes of 64 KiB files, bare and with md5 + sha512, "
                + rounds + " alternating rounds (per second: median and range):");
        for (int threads : new int[] {1, 16}) {
            List<Double> publish = new ArrayList<>();
            List<Double> hashed = new ArrayList<>();
            List<Double> adds = new ArrayList<>();
            List<Double> pairs = new ArrayList<>();
            List<AddResult> added = new ArrayList<>();
            int files = threads == 1 ? 300 : 1200;
            MachineLimits.settleAfterDeletes();
            try {
                for (int r = 0; r < rounds; r++) {
                    publish.add(MachineLimits.durablePublishRate(folder, "bare-" + r, SIZE, threads, files));
                    hashed.add(MachineLimits.hashedPublishRate(folder, "hashed-" + r, SIZE, threads, files));
                    adds.add(addRate(threads, files, added));
                    pairs.add(adds.get(r) / publish.get(r));
                }
            } finally {
                MachineLimits.removeFiles(folder);
                for (AddResult image : added) {
                    store.delete(image.location());
                }
            }
            Files.deleteIfExists(folder);
            System.out.printf(Locale.ROOT, "  %2d thread(s): publish %s, publish with digests %s, store add %s%n",
                    threads, range(publish), range(hashed), range(adds));
            System.out.printf(Locale.ROOT, "      add / publish = %.2f (median of the rounds' ratios %.2f, %.2f - %.2f);"
                    + " add / publish with digests = %.2f%n", median(adds) / median(publish), median(pairs),
                    Collections.min(pairs), Collections.max(pairs), median(adds) / median(hashed));
            System.out.printf(Locale.ROOT, "limit small-publish-%d %.0f%nlimit small-hashed-publish-%d %.0f%n"
                    + "limit small-add-%d %.0f%n", threads, median(publish), threads, median(hashed), threads,
                    median(adds));
        }
    }

    /** Adds generated 64 KiB images, collects them in {@code added}, and returns adds per second. */
    private double addRate(int threads, int files, List<AddResult> added) throws Exception {
        AtomicReferenceArray<AddResult> results = new AtomicReferenceArray<>(files);
        long t0 = System.nanoTime();
        try {
            Workers.run(threads, files, () -> i -> results.set(i,
                    store.add(UUID.randomUUID().toString(), new GeneratedSource(SIZE, i), SIZE)));
            return files / ((System.nanoTime() - t0) / 1e9);
        } finally {
            for (int i = 0; i < files; i++) {
                if (results.get(i) != null) {
                    added.add(results.get(i));
                }
            }
        }
    }

    private static String range(List<Double> values) {
        return String.format(Locale.ROOT, "%.0f (%.0f - %.0f)", median(values), Collections.min(values),
                Collections.max(values));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
