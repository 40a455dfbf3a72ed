package io.glancestore.cache;

import static io.glancestore.cache.CacheFixture.add;
import static io.glancestore.cache.CacheFixture.files;
import static io.glancestore.cache.CacheFixture.idOf;
import static io.glancestore.cache.CacheFixture.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.ImageData;
import io.glancestore.ReadOptions;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Fills that stop making progress and old quarantined files are cleaned up by the cache itself. */
class StalledFillTest {

    private static final int SIZE = 1 << 20;
    private static final Duration STALL = CacheConfig.DEFAULT_STALL_TIME;

    @TempDir
    Path dir;

    private final CountingStore store = new CountingStore(InMemoryStore.create());
    private final MutableClock clock = new MutableClock(Instant.now());
    private final GeneratedImage image = GeneratedImage.of(21, SIZE);

    @Test
    void aStalledFillIsRemovedAndItsReaderCarriesOnUncached() throws Exception {
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 10L * SIZE, clock)) {
            try (ImageData data = cache.get(location)) {
                byte[] head = data.readNBytes(100_000);
                assertThat(files(dir.resolve("incomplete"))).containsExactly(idOf(store, location));

                clock.advance(STALL.plusSeconds(1));
                CleanupResult cleaned = cache.clean();

                assertThat(cleaned.files()).isEqualTo(1);
                assertThat(cleaned.bytes()).isEqualTo(100_000);
                assertThat(files(dir.resolve("incomplete"))).isEmpty();
                assertThat(cache.stats().usedBytes()).isZero();

                ByteArrayOutputStream all = new ByteArrayOutputStream();
                all.write(head);
                data.transferTo(all);
                assertThat(Digests.of(all.toByteArray())).isEqualTo(image.digests());
            }
            cache.flush();
            assertThat(cache.list()).isEmpty();
            assertThat(store.wholeGets).hasValue(1);
        }
    }

    @Test
    void aFillStillWithinTheStallTimeIsLeftAlone() throws Exception {
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 10L * SIZE, clock)) {
            try (ImageData data = cache.get(location)) {
                data.readNBytes(100_000);
                clock.advance(STALL.minusSeconds(1));

                assertThat(cache.clean()).isEqualTo(CleanupResult.NONE);

                data.readAllBytes();
            }
            cache.flush();
            assertThat(cache.isCached(idOf(store, location))).isTrue();
        }
    }

    @Test
    void quarantinedFilesAreKeptForTheStallTimeThenRemoved() {
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 10L * SIZE, clock)) {
            ReadOptions wrong = ReadOptions.builder().expectedMd5("0".repeat(32)).build();
            assertThatThrownBy(() -> read(cache, location, wrong)).isInstanceOf(ChecksumMismatchException.class);
            assertThat(files(dir.resolve("invalid"))).hasSize(1);

            clock.advance(STALL.minusSeconds(10));
            assertThat(cache.clean()).isEqualTo(CleanupResult.NONE);
            assertThat(cache.stats().usedBytes()).isEqualTo(SIZE);

            clock.advance(Duration.ofSeconds(11));
            assertThat(cache.clean()).isEqualTo(new CleanupResult(1, SIZE));
            assertThat(files(dir.resolve("invalid"))).isEmpty();
            assertThat(cache.stats().usedBytes()).isZero();
        }
    }

    @Test
    void strayIncompleteFilesOlderThanTheStallTimeAreRemoved() throws Exception {
        try (CachingImageStore cache = CacheFixture.open(store, dir, 10L * SIZE, clock)) {
            Path old = dir.resolve("incomplete").resolve("left-by-someone");
            Path young = dir.resolve("incomplete").resolve("just-written");
            Files.write(old, new byte[10]);
            Files.write(young, new byte[20]);
            Files.setLastModifiedTime(old, FileTime.from(clock.instant().minus(STALL).minusSeconds(5)));

            assertThat(cache.clean()).isEqualTo(new CleanupResult(1, 10));
            assertThat(files(dir.resolve("incomplete"))).containsExactly("just-written");
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void theBuiltInSchedulerCleansWithoutBeingAsked() throws Exception {
        String location = add(store, image);
        CacheConfig config = CacheFixture.config(dir, 10L * SIZE).maintenanceInterval(Duration.ofMillis(20)).build();
        try (CachingImageStore cache = CachingImageStore.builder(store).config(config).clock(clock).build();
                ImageData data = cache.get(location)) {
            data.readNBytes(1000);
            clock.advance(STALL.plusSeconds(1));
            while (!files(dir.resolve("incomplete")).isEmpty()) {
                Thread.sleep(10);
            }
            assertThat(cache.stats().fillsFailed()).isEqualTo(1);
            assertThat(cache.stats().usedBytes()).isZero();
        }
    }
}
