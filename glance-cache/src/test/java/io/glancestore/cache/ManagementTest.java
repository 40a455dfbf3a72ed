package io.glancestore.cache;

import static io.glancestore.cache.CacheFixture.add;
import static io.glancestore.cache.CacheFixture.cache;
import static io.glancestore.cache.CacheFixture.files;
import static io.glancestore.cache.CacheFixture.idOf;
import static io.glancestore.cache.CacheFixture.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.ImageData;
import io.glancestore.exception.BadStoreUriException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Listing, queueing, prefetching and deleting, as Glance's cache management offers them. */
class ManagementTest {

    private static final int SIZE = 70_001;

    @TempDir
    Path dir;

    private final CountingStore store = new CountingStore(InMemoryStore.create());

    @Test
    void listShowsSizeHitsAndLastAccessInEvictionOrder() {
        MutableClock clock = new MutableClock(Instant.parse("2030-05-01T10:00:00Z"));
        String a = add(store, GeneratedImage.of(1, SIZE));
        String b = add(store, GeneratedImage.of(2, 2 * SIZE));
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30, clock)) {
            cache(cache, a);
            clock.advance(Duration.ofMinutes(1));
            cache(cache, b);
            clock.advance(Duration.ofMinutes(1));
            read(cache, a);
            read(cache, a);

            assertThat(cache.list()).containsExactly(
                    new CachedImage(idOf(store, b), 2 * SIZE, 0, Instant.parse("2030-05-01T10:01:00Z"),
                            Instant.parse("2030-05-01T10:01:00Z")),
                    new CachedImage(idOf(store, a), SIZE, 2, Instant.parse("2030-05-01T10:02:00Z"),
                            Instant.parse("2030-05-01T10:00:00Z")));
            assertThat(cache.cachedImage(idOf(store, a)).orElseThrow().hits()).isEqualTo(2);
            assertThat(cache.cachedImage("not-cached")).isEmpty();
            assertThat(cache.stats().cachedImages()).isEqualTo(2);
            assertThat(cache.stats().cachedBytes()).isEqualTo(3L * SIZE);
            assertThat(cache.stats().hits()).isEqualTo(2);
        }
    }

    @Test
    void queuedImagesArePrefetchedOnDemand() throws Exception {
        String a = add(store, GeneratedImage.of(1, SIZE));
        String b = add(store, GeneratedImage.of(2, SIZE));
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            assertThat(cache.queue(a)).isTrue();
            assertThat(cache.queue(a)).as("already queued").isFalse();
            assertThat(cache.queue(b)).isTrue();
            assertThat(cache.queuedImages()).containsExactlyInAnyOrder(idOf(store, a), idOf(store, b));
            Path request = dir.resolve("queue").resolve(idOf(store, a));
            assertThat(Files.getPosixFilePermissions(request)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

            assertThat(cache.prefetch()).isEqualTo(2);

            assertThat(cache.queuedImages()).isEmpty();
            assertThat(cache.list()).extracting(CachedImage::imageId)
                    .containsExactlyInAnyOrder(idOf(store, a), idOf(store, b));
            assertThat(cache.queue(a)).as("already cached").isFalse();
            int gets = store.wholeGets.get();
            assertThat(read(cache, b)).isEqualTo(GeneratedImage.of(2, SIZE).digests());
            assertThat(store.wholeGets).hasValue(gets);
        }
    }

    @Test
    void prefetchDropsGoneImagesAndLeavesRequestsWithoutALocation() throws Exception {
        String a = add(store, GeneratedImage.of(1, SIZE));
        String gone = add(store, GeneratedImage.of(2, SIZE));
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            cache.queue(a);
            cache.queue(gone);
            store.delete(gone);
            // Another tool (Glance's own) queues by id with an empty file.
            Files.createFile(dir.resolve("queue").resolve("queued-by-glance"));

            assertThat(cache.prefetch()).isEqualTo(1);

            assertThat(cache.queuedImages()).containsExactly("queued-by-glance");
            assertThat(cache.isCached(idOf(store, a))).isTrue();
        }
    }

    @Test
    void queueRequestsCanBeDeleted() {
        String a = add(store, GeneratedImage.of(1, SIZE));
        String b = add(store, GeneratedImage.of(2, SIZE));
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            cache.queue(a);
            cache.queue(b);

            assertThat(cache.deleteQueuedImage(idOf(store, a))).isTrue();
            assertThat(cache.deleteQueuedImage(idOf(store, a))).isFalse();
            assertThat(cache.queuedImages()).containsExactly(idOf(store, b));
            assertThat(cache.deleteAllQueuedImages()).isEqualTo(1);
            assertThat(cache.queuedImages()).isEmpty();
            assertThatThrownBy(() -> cache.queue("file:///elsewhere/x")).isInstanceOf(BadStoreUriException.class);
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void theSchedulerRunsThePrefetchQueueByItself() throws Exception {
        String a = add(store, GeneratedImage.of(1, SIZE));
        CacheConfig config = CacheFixture.config(dir, 1L << 30).prefetcherInterval(Duration.ofMillis(20)).build();
        try (CachingImageStore cache = CachingImageStore.builder(store).config(config).build()) {
            cache.queue(a);
            while (!cache.isCached(idOf(store, a))) {
                Thread.sleep(10);
            }
            assertThat(cache.queuedImages()).isEmpty();
        }
    }

    @Test
    void deletingCachedCopiesKeepsTheImages() throws Exception {
        String a = add(store, GeneratedImage.of(1, SIZE));
        String b = add(store, GeneratedImage.of(2, SIZE));
        String c = add(store, GeneratedImage.of(3, SIZE));
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            cache(cache, a);
            cache(cache, b);
            cache(cache, c);

            assertThat(cache.deleteCachedImage(idOf(store, a))).isTrue();
            assertThat(cache.deleteCachedImage(idOf(store, a))).isFalse();
            assertThat(files(dir)).containsExactlyInAnyOrder(idOf(store, b), idOf(store, c));
            assertThat(cache.deleteAllCachedImages()).isEqualTo(2);
            assertThat(cache.list()).isEmpty();
            assertThat(files(dir)).isEmpty();
            assertThat(cache.stats().usedBytes()).isZero();
            assertThat(store.size(a)).isEqualTo(SIZE);
        }
    }

    @Test
    void aCopyBeingReadIsDeletedAfterItsLastReader() throws Exception {
        GeneratedImage image = GeneratedImage.of(1, SIZE);
        String a = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            cache(cache, a);
            try (ImageData reading = cache.get(a)) {
                byte[] head = reading.readNBytes(100);
                assertThat(cache.deleteCachedImage(idOf(store, a))).isTrue();

                assertThat(cache.list()).isEmpty();
                assertThat(files(dir)).isEmpty();
                assertThat(cache.stats().usedBytes()).as("counted until the reader is done").isEqualTo(SIZE);
                byte[] rest = reading.readAllBytes();
                byte[] all = new byte[SIZE];
                System.arraycopy(head, 0, all, 0, 100);
                System.arraycopy(rest, 0, all, 100, rest.length);
                assertThat(Digests.of(all)).isEqualTo(image.digests());
            }
            assertThat(cache.stats().usedBytes()).isZero();
            assertThat(files(dir.resolve("incomplete"))).isEmpty();
        }
    }

    @Test
    void deleteThroughTheCacheDeletesTheImageAndItsCopy() {
        String a = add(store, GeneratedImage.of(1, SIZE));
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            cache(cache, a);

            cache.delete(a);

            assertThat(cache.list()).isEmpty();
            assertThat(files(dir)).isEmpty();
            assertThatThrownBy(() -> cache.get(a).close()).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void addSizeAndLocationsAreTheStoresAndCloseClosesIt() {
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            String a = add(cache, GeneratedImage.of(1, SIZE));
            assertThat(store.size(a)).isEqualTo(SIZE);
            assertThat(cache.size(a)).isEqualTo(SIZE);
            assertThat(cache.handles(a)).isTrue();
            assertThat(cache.location(a).imageId()).isEqualTo(idOf(store, a));
            assertThat(cache.capabilities()).isEqualTo(store.capabilities());
            assertThat(cache.id()).isEqualTo(store.id());
            assertThat(cache.type()).isEqualTo(store.type());
            assertThat(cache.list()).as("adds are not cached, as in Glance").isEmpty();
        }
        assertThat(store.closes).hasValue(1);
    }

    @Test
    void aDisabledCachePassesEverythingThroughAndTouchesNoFolder() {
        Path unused = dir.resolve("never-created");
        String a = add(store, GeneratedImage.of(1, SIZE));
        CacheConfig config = CacheConfig.builder().dir(unused).enabled(false).build();
        try (CachingImageStore cache = CachingImageStore.open(store, config)) {
            assertThat(read(cache, a)).isEqualTo(GeneratedImage.of(1, SIZE).digests());
            assertThat(read(cache, a)).isEqualTo(GeneratedImage.of(1, SIZE).digests());

            assertThat(store.wholeGets).hasValue(2);
            assertThat(cache.list()).isEmpty();
            assertThat(cache.queue(a)).isFalse();
            assertThat(cache.prune()).isEqualTo(CleanupResult.NONE);
        }
        assertThat(unused).doesNotExist();
    }

    @Test
    void aCacheInFrontOfCephWorks() {
        CountingStore rbd = new CountingStore(InMemoryStore.create(), "rbd");
        String a = add(rbd, GeneratedImage.of(1, SIZE));
        try (CachingImageStore cache = CacheFixture.open(rbd, dir, 1L << 30)) {
            cache(cache, a);
            assertThat(read(cache, a)).isEqualTo(GeneratedImage.of(1, SIZE).digests());
            assertThat(rbd.wholeGets).hasValue(1);
        }
    }

    @Test
    void twoCachesShareOneFolder() {
        GeneratedImage image = GeneratedImage.of(1, SIZE);
        String a = add(store, image);
        try (CachingImageStore first = CacheFixture.open(store, dir, 1L << 30);
                CachingImageStore second = CacheFixture.open(store, dir, 1L << 30)) {
            cache(first, a);
            assertThat(read(second, a)).isEqualTo(image.digests());
            assertThat(store.wholeGets).as("the second reads the first's copy").hasValue(1);
            second.flush();
            assertThat(first.cachedImage(idOf(store, a)).orElseThrow().hits()).isEqualTo(1);
            assertThat(first.stats().hits()).isEqualTo(1);
            assertThat(second.deleteCachedImage(idOf(store, a))).isTrue();
            assertThat(first.isCached(idOf(store, a))).isFalse();
        }
    }

    @Test
    void glanceFolderLayoutIsKept() {
        String a = add(store, GeneratedImage.of(1, SIZE));
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            cache(cache, a);
            assertThat(dir.resolve(idOf(store, a))).isRegularFile().hasSize(SIZE);
            assertThat(dir.resolve("incomplete")).isDirectory();
            assertThat(dir.resolve("invalid")).isDirectory();
            assertThat(dir.resolve("queue")).isDirectory();
        }
    }
}
