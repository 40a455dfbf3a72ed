package io.glancestore.cache;

import static io.glancestore.cache.CacheFixture.add;
import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.file.FileStore;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many threads filling different images at once never take the folder past the limit: checked
 * on the cache's own accounting, and on the folder itself by a sampler that runs all along. In
 * front of the in-memory store the fills are tees; in front of the file store, unverified fills
 * are copies of its files by positional reads.
 */
class HardLimitTest {

    private static final long MAX = 2L * 1024 * 1024;
    private static final int THREADS = 16;

    @TempDir
    Path dir;

    @TempDir
    Path datadir;

    @ParameterizedTest(name = "in front of the {0} store")
    @ValueSource(strings = {"in-memory", "file"})
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void concurrentFillsOfDifferentImagesStayWithinTheLimit(String storeKind) throws Exception {
        ImageStore backend = storeKind.equals("file") ? FileStore.builder().datadir(datadir).build()
                : InMemoryStore.create();
        CountingStore store = new CountingStore(backend);
        SplittableRandom sizes = new SplittableRandom(42);
        List<GeneratedImage> images = new ArrayList<>();
        List<String> locations = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            images.add(GeneratedImage.of(i, sizes.nextLong(50_000, 700_000)));
        }
        for (int i = 0; i < 3; i++) {
            images.add(GeneratedImage.of(100 + i, MAX + 1 + i)); // too big to cache
        }
        for (GeneratedImage image : images) {
            locations.add(add(store, image));
        }

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong worstWitness = new AtomicLong();
        AtomicLong worstAccounted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try (CachingImageStore cache = CacheFixture.open(store, dir, MAX)) {
            Future<?> sampler = pool.submit(() -> {
                while (running.get()) {
                    worstWitness.accumulateAndGet(FolderWitness.bytesSurelyInFolder(dir), Math::max);
                    worstAccounted.accumulateAndGet(cache.stats().usedBytes(), Math::max);
                }
                return null;
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                SplittableRandom random = new SplittableRandom(t);
                workers.add(pool.submit(() -> {
                    for (int op = 0; op < 60; op++) {
                        int i = random.nextInt(images.size());
                        GeneratedImage image = images.get(i);
                        String location = locations.get(i);
                        int kind = random.nextInt(10);
                        if (kind < 6) {
                            assertThat(CacheFixture.read(cache, location)).isEqualTo(image.digests());
                        } else if (kind < 7) {
                            ReadOptions md5 = ReadOptions.builder().expectedMd5(image.md5Hex()).build();
                            assertThat(CacheFixture.read(cache, location, md5)).isEqualTo(image.digests());
                        } else if (kind < 8) {
                            try (ImageData data = cache.get(location)) {
                                data.readNBytes((int) (image.size() / 3)); // and closes early
                            }
                        } else {
                            long offset = random.nextLong(image.size());
                            int length = (int) Math.min(10_000, image.size() - offset);
                            try (ImageData data = cache.get(location, offset, length)) {
                                assertThat(data.readAllBytes()).isEqualTo(image.bytes(offset, length));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get(4, TimeUnit.MINUTES);
            }
            running.set(false);
            sampler.get(1, TimeUnit.MINUTES);
            cache.flush();

            CacheStats stats = cache.stats();
            assertThat(worstWitness.get()).as("bytes seen in the folder at once").isLessThanOrEqualTo(MAX);
            assertThat(worstAccounted.get()).as("accounted bytes").isLessThanOrEqualTo(MAX);
            assertThat(stats.peakUsedBytes()).as("peak accounted bytes").isLessThanOrEqualTo(MAX);
            assertThat(CacheFixture.folderBytes(dir)).as("folder at rest").isEqualTo(stats.usedBytes());
            // The run did exercise the limit: images were evicted, some streamed through.
            assertThat(stats.evictions()).isPositive();
            assertThat(stats.fillsPublished()).isPositive();
            assertThat(stats.passThroughs()).isPositive();
            assertThat(worstWitness.get()).isGreaterThan(MAX / 2);
        } finally {
            running.set(false);
            pool.shutdownNow();
            backend.close();
        }
    }
}
