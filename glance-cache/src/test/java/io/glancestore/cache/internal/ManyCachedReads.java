package io.glancestore.cache.internal;

import io.glancestore.ForwardingImageStore;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.TransferBuffers;
import io.glancestore.cache.CacheConfig;
import io.glancestore.cache.CacheStats;
import io.glancestore.cache.CachingImageStore;
import io.glancestore.cache.ScrubResult;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.file.FileStore;
import io.glancestore.tck.GeneratedImage;
import io.glancestore.tck.TransferOutcomes;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Run in a child JVM with a small heap and little direct memory by {@link ManyCachedReadsSmallHeapTest}:
 * many threads read images through a cache at once, first as misses (every image filled by many
 * readers at once), then as hits, once through a store whose reads are plain streams (the fill
 * is a tee: readers pull and the cache's writers append) and once through the file store (the
 * fill is a copy). Some readers close halfway or expect a wrong hash. Prints a line of counts and
 * {@code OK} when every read got exactly its image's bytes, every failure was the one meant, the
 * cache holds every image and verifies clean, and every buffer is back: the fill buffers and the
 * SDK's transfer buffers.
 *
 * <p>Arguments: work folder, threads, rounds, image size.
 */
public final class ManyCachedReads {

    private ManyCachedReads() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        long size = Long.parseLong(args[3]);
        int images = threads / 4; // four readers per image, two or three of them whole: fills are shared
        Map<String, Long> counts = new TreeMap<>();
        try (ImageStore files = FileStore.builder().datadir(work.resolve("images")).build();
                ImageStore streams = new PlainStreams(files)) {
            List<GeneratedImage> generated = new ArrayList<>();
            List<String> locations = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                GeneratedImage image = GeneratedImage.of(i, size + i);
                generated.add(image);
                locations.add(files.add("image-" + i, image.openStream(), image.size()).location());
            }
            for (String mode : List.of("tee", "copy")) {
                CacheConfig config = CacheConfig.builder().dir(work.resolve("cache-" + mode))
                        .maxSize(4 * images * (size + images)).maintenanceInterval(Duration.ZERO)
                        .prefetcherInterval(Duration.ZERO).build();
                try (CachingImageStore cache = CachingImageStore.open(mode.equals("tee") ? streams : files, config)) {
                    for (int round = 0; round < rounds; round++) {
                        readAll(cache, generated, locations, threads, mode, round > 0, counts);
                        cache.flush(); // every fill published before the hits
                    }
                    // Early closers may have left an image's fill with no reader before the
                    // others joined (so it was abandoned, by design): one whole read of each.
                    for (String location : locations) {
                        try (ImageData data = cache.get(location)) {
                            data.transferTo(OutputStream.nullOutputStream());
                        }
                    }
                    cache.flush();
                    CacheStats stats = cache.stats();
                    ScrubResult scrub = cache.verify();
                    check(stats.cachedImages() == images, mode + ": " + stats.cachedImages() + " images cached, not " + images);
                    check(stats.fillsInProgress() == 0, mode + ": fills still in progress: " + stats);
                    check(scrub.quarantined() == 0 && scrub.checked() == images, mode + ": verify found " + scrub);
                    counts.merge(mode + " fills published", stats.fillsPublished(), Long::sum);
                }
            }
        }
        int lent = FillBuffers.shared().lentChunks();
        int free = freePermits(FillBuffers.shared());
        check(lent == 0, lent + " fill buffers still lent");
        check(free == FillBuffers.shared().budget().capacity(), "fill buffer budget: " + free + " of "
                + FillBuffers.shared().budget().capacity() + " permits back");
        check(TransferBuffers.shared().leasedBytes() == 0, "transfer buffers still leased: " + TransferBuffers.shared());
        StringBuilder line = new StringBuilder();
        counts.forEach((k, v) -> line.append(k).append('=').append(v).append(", "));
        System.out.println(line + "direct memory at the end " + (directMemoryUsed() >> 10) + " KiB");
        System.out.println("OK");
    }

    /** Every thread reads every image whose turn it is, all at once; failures are counted by kind. */
    private static void readAll(CachingImageStore cache, List<GeneratedImage> images, List<String> locations,
            int threads, String mode, boolean hits, Map<String, Long> counts) throws InterruptedException {
        String phase = mode + (hits ? " hit" : " miss");
        TransferOutcomes outcomes = new TransferOutcomes();
        outcomes.onThreads(threads,
                k -> outcomes.count(readOne(cache, images.get(k / 4), locations.get(k / 4), k, hits)));
        if (outcomes.printUnexpected(System.out)) {
            System.out.println("in the " + phase + " reads");
            System.exit(1);
        }
        outcomes.counts().forEach((k, v) -> counts.merge(phase + " " + k, (long) v, Long::sum));
    }

    /**
     * One read, of a kind chosen by the thread's number: whole with a large array, whole by
     * {@code transferTo}, half then closed, one byte then closed, or (of a cached image) with a
     * wrong expected md5. Not of an image being filled: the cache cannot tell whether the caller
     * or the store is wrong, and quarantines what it filled.
     */
    private static String readOne(CachingImageStore cache, GeneratedImage image, String location, int k,
            boolean hit) throws Exception {
        if (k % 8 == 5 && !hit) {
            try (ImageData data = cache.get(location)) {
                check(data.read() == image.byteAt(0), "wrong first byte of " + location);
            }
            return "one byte";
        }
        switch (k % 8) {
            case 3: {
                try (ImageData data = cache.get(location)) {
                    byte[] buf = new byte[64 * 1024];
                    for (long left = image.size() / 2; left > 0; ) {
                        int n = data.read(buf, 0, (int) Math.min(buf.length, left));
                        check(n > 0, "a half read ended early");
                        left -= n;
                    }
                }
                return "half";
            }
            case 5: {
                ReadOptions wrong = ReadOptions.builder().expectedMd5("0".repeat(32)).build();
                try (ImageData data = cache.get(location, 0, -1, wrong)) {
                    data.transferTo(OutputStream.nullOutputStream());
                } catch (ChecksumMismatchException expected) {
                    return "wrong md5 refused";
                }
                throw new AssertionError("a read with a wrong md5 passed");
            }
            default: {
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                try (ImageData data = cache.get(location)) {
                    if (k % 2 == 0) {
                        byte[] buf = new byte[512 * 1024 + 7]; // larger than a slice and a fill chunk
                        for (int n; (n = data.read(buf, 0, buf.length)) >= 0; ) {
                            md5.update(buf, 0, n);
                        }
                    } else {
                        data.transferTo(new OutputStream() {
                            @Override
                            public void write(int b) {
                                md5.update((byte) b);
                            }

                            @Override
                            public void write(byte[] b, int off, int len) {
                                md5.update(b, off, len);
                            }
                        });
                    }
                }
                check(HexFormat.of().formatHex(md5.digest()).equals(image.md5Hex()), "wrong bytes for " + location);
                return "whole";
            }
        }
    }

    private static int freePermits(FillBuffers buffers) {
        int taken = 0;
        while (buffers.budget().tryTakeMore()) {
            taken++;
        }
        for (int i = 0; i < taken; i++) {
            buffers.budget().giveBack();
        }
        return taken;
    }

    private static long directMemoryUsed() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        return -1;
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            System.out.println("FAILED: " + problem);
            System.exit(1);
        }
    }

    /** The file store, with reads that are plain streams: the cache cannot copy them as files. */
    private static final class PlainStreams extends ForwardingImageStore {

        PlainStreams(ImageStore files) {
            super(files);
        }

        @Override
        public ImageData get(String location, long offset, long length, ReadOptions options) {
            ImageData data = delegate().get(location, offset, length, options);
            return ImageData.of(data, data.offset(), data.length(), data.imageSize());
        }

        @Override
        public void close() {
            // the file store is closed on its own
        }
    }
}
