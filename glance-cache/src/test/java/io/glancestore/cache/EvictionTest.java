package io.glancestore.cache;

import static io.glancestore.cache.CacheFixture.add;
import static io.glancestore.cache.CacheFixture.cache;
import static io.glancestore.cache.CacheFixture.files;
import static io.glancestore.cache.CacheFixture.idOf;
import static io.glancestore.cache.CacheFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.ImageData;
import io.glancestore.ReadOptions;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Room is made before a fill by evicting least recently used images nobody is reading. */
class EvictionTest {

    private static final int SIZE = 100_000;

    @TempDir
    Path dir;

    private final CountingStore store = new CountingStore(InMemoryStore.create());

    private String[] addImages(int n) {
        String[] locations = new String[n];
        for (int i = 0; i < n; i++) {
            locations[i] = add(store, GeneratedImage.of(i, SIZE));
        }
        return locations;
    }

    private List<String> cachedIds(CachingImageStore cache) {
        return cache.list().stream().map(CachedImage::imageId).toList();
    }

    @Test
    void theLeastRecentlyUsedImageIsEvictedFirst() {
        String[] loc = addImages(4);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 3L * SIZE)) {
            cache(cache, loc[0]);
            cache(cache, loc[1]);
            cache(cache, loc[2]);
            read(cache, loc[0]); // a hit: image 0 becomes the most recently used

            cache(cache, loc[3]);

            assertThat(cachedIds(cache)).containsExactly(idOf(store, loc[2]), idOf(store, loc[0]), idOf(store, loc[3]));
            assertThat(files(dir)).doesNotContain(idOf(store, loc[1]));
            assertThat(cache.stats().evictions()).isEqualTo(1);
            assertThat(cache.stats().evictedBytes()).isEqualTo(SIZE);
            assertThat(cache.stats().usedBytes()).isEqualTo(3L * SIZE);
        }
    }

    @Test
    void evictionFreesOnlyAsMuchAsTheFillNeeds() {
        String[] loc = addImages(3);
        String big = add(store, GeneratedImage.of(99, 2L * SIZE));
        try (CachingImageStore cache = CacheFixture.open(store, dir, 4L * SIZE)) {
            cache(cache, loc[0]);
            cache(cache, loc[1]);
            cache(cache, loc[2]);

            cache(cache, big); // needs 2 images' room, 1 is free: evicts exactly the oldest

            assertThat(cachedIds(cache)).containsExactly(idOf(store, loc[1]), idOf(store, loc[2]), idOf(store, big));
        }
    }

    @Test
    void anImageBeingReadIsNotEvicted() throws Exception {
        String[] loc = addImages(4);
        GeneratedImage first = GeneratedImage.of(0, SIZE);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 3L * SIZE)) {
            cache(cache, loc[0]);
            cache(cache, loc[1]);
            cache(cache, loc[2]);
            try (ImageData reading = cache.get(loc[0])) {
                byte[] head = reading.readNBytes(10);
                read(cache, loc[1]);
                read(cache, loc[2]); // hits: image 0, being read, is the least recently used again

                cache(cache, loc[3]);

                assertThat(cachedIds(cache)).containsExactly(idOf(store, loc[0]), idOf(store, loc[2]),
                        idOf(store, loc[3]));
                byte[] rest = reading.readAllBytes();
                byte[] all = new byte[SIZE];
                System.arraycopy(head, 0, all, 0, 10);
                System.arraycopy(rest, 0, all, 10, rest.length);
                assertThat(Digests.of(all)).isEqualTo(first.digests());
            }
        }
    }

    @Test
    void whenOnlyPinnedImagesCouldMakeRoomTheImageStreamsThroughUncached() throws Exception {
        String[] loc = addImages(3);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 2L * SIZE)) {
            cache(cache, loc[0]);
            cache(cache, loc[1]);
            try (ImageData a = cache.get(loc[0]); ImageData b = cache.get(loc[1])) {
                assertThat(read(cache, loc[2])).isEqualTo(GeneratedImage.of(2, SIZE).digests());
                cache.flush();

                assertThat(cachedIds(cache)).containsExactly(idOf(store, loc[0]), idOf(store, loc[1]));
                assertThat(cache.stats().passThroughs()).isEqualTo(1);
                assertThat(files(dir.resolve("incomplete"))).isEmpty();
                assertThat(Digests.of(a)).isEqualTo(GeneratedImage.of(0, SIZE).digests());
                assertThat(Digests.of(b)).isEqualTo(GeneratedImage.of(1, SIZE).digests());
            }
        }
    }

    @Test
    void anImageLargerThanTheCacheStreamsThroughUncached() {
        GeneratedImage huge = GeneratedImage.of(7, 3L * SIZE + 1);
        String location = add(store, huge);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 3L * SIZE)) {
            assertThat(read(cache, location)).isEqualTo(huge.digests());
            assertThat(read(cache, location, ReadOptions.builder().expectedMd5(huge.md5Hex()).build()))
                    .isEqualTo(huge.digests());
            cache.flush();

            assertThat(cache.list()).isEmpty();
            assertThat(cache.stats().passThroughs()).isEqualTo(2);
            assertThat(cache.stats().usedBytes()).isZero();
            assertThat(files(dir.resolve("incomplete"))).isEmpty();
            assertThat(store.wholeGets).hasValue(2);
        }
    }

    @Test
    void quarantinedFilesGoBeforeAnyCachedImage() {
        String[] loc = addImages(3);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 3L * SIZE)) {
            cache(cache, loc[0]);
            String wrong = "0".repeat(32);
            try {
                read(cache, loc[1], ReadOptions.builder().expectedMd5(wrong).build());
            } catch (io.glancestore.exception.ChecksumMismatchException expected) {
                // quarantined in invalid/
            }
            cache(cache, loc[2]);
            assertThat(files(dir.resolve("invalid"))).containsExactly(idOf(store, loc[1]));

            cache(cache, loc[1]); // needs room: the quarantined file goes, image 0 stays

            assertThat(files(dir.resolve("invalid"))).isEmpty();
            assertThat(cachedIds(cache)).containsExactly(idOf(store, loc[0]), idOf(store, loc[2]), idOf(store, loc[1]));
        }
    }

    @Test
    void loweringTheLimitPrunesOnOpenKeepingTheMostRecent() {
        String[] loc = addImages(3);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 3L * SIZE)) {
            cache(cache, loc[0]);
            cache(cache, loc[1]);
            cache(cache, loc[2]);
        }
        try (CachingImageStore cache = CacheFixture.open(store, dir, SIZE)) {
            assertThat(cachedIds(cache)).containsExactly(idOf(store, loc[2]));
            assertThat(cache.stats().usedBytes()).isEqualTo(SIZE);
            assertThat(CacheFixture.folderBytes(dir)).isEqualTo(SIZE);
        }
    }

    @Test
    void pruneRemovesLeastRecentlyUsedImagesOnlyWhenAboveTheLimit() {
        String[] loc = addImages(2);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 3L * SIZE)) {
            cache(cache, loc[0]);
            cache(cache, loc[1]);

            assertThat(cache.prune()).isEqualTo(CleanupResult.NONE);
            assertThat(cache.list()).hasSize(2);
        }
    }
}
