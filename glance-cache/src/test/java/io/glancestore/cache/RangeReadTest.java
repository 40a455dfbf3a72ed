package io.glancestore.cache;

import static io.glancestore.cache.CacheFixture.add;
import static io.glancestore.cache.CacheFixture.cache;
import static io.glancestore.cache.CacheFixture.idOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.ImageData;
import io.glancestore.ReadOptions;
import io.glancestore.exception.InvalidException;
import io.glancestore.exception.InvalidRangeException;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.tck.GeneratedImage;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ranges come from the cache when the image is complete there, else from the store, uncached. */
class RangeReadTest {

    private static final int SIZE = 3 * 1024 * 1024 + 17;

    @TempDir
    Path dir;

    private final CountingStore store = new CountingStore(InMemoryStore.create());
    private final GeneratedImage image = GeneratedImage.of(31, SIZE);

    private static byte[] range(CachingImageStore cache, String location, long offset, long length) throws Exception {
        try (ImageData data = cache.get(location, offset, length)) {
            return data.readAllBytes();
        }
    }

    @Test
    void aRangeOfAnUncachedImageComesFromTheStoreAndIsNotCached() throws Exception {
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            assertThat(range(cache, location, 1000, 5000)).isEqualTo(image.bytes(1000, 5000));
            assertThat(range(cache, location, 0, 5000)).isEqualTo(image.bytes(0, 5000));
            cache.flush();

            assertThat(store.rangedGets).hasValue(2);
            assertThat(cache.list()).isEmpty();
            assertThat(CacheFixture.files(dir.resolve("incomplete"))).isEmpty();
            assertThat(cache.stats().usedBytes()).isZero();
        }
    }

    @Test
    void aRangeOfACachedImageComesFromTheCache() throws Exception {
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            cache(cache, location);
            int gets = store.wholeGets.get() + store.rangedGets.get();

            assertThat(range(cache, location, 1_048_575, 2)).isEqualTo(image.bytes(1_048_575, 2));
            assertThat(range(cache, location, SIZE - 10, 100)).isEqualTo(image.bytes(SIZE - 10, 10));
            assertThat(range(cache, location, 0, SIZE)).isEqualTo(image.toByteArray());
            assertThat(range(cache, location, SIZE, -1)).isEmpty();

            assertThat(store.wholeGets.get() + store.rangedGets.get()).isEqualTo(gets);
            assertThat(cache.cachedImage(idOf(store, location)).orElseThrow().hits()).isEqualTo(4);
        }
    }

    @Test
    void aRangeOfACachedImageCanBeSentToAFileByTheKernel() throws Exception {
        String location = add(store, image);
        Path out = dir.resolveSibling(dir.getFileName() + "-range.out");
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            cache(cache, location);
            try (ImageData data = cache.get(location, 4097, 2_000_000); FileOutputStream file = new FileOutputStream(out.toFile())) {
                assertThat(data.transferTo(file)).isEqualTo(2_000_000);
            }
            assertThat(Files.readAllBytes(out)).isEqualTo(image.bytes(4097, 2_000_000));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void aRangeOfAnImageBeingFilledComesFromTheStore() throws Exception {
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            try (ImageData filling = cache.get(location)) {
                filling.readNBytes(10_000);

                assertThat(range(cache, location, 5, 50_000)).isEqualTo(image.bytes(5, 50_000));
                assertThat(store.rangedGets).hasValue(1);

                filling.readAllBytes();
            }
            cache.flush();
            assertThat(cache.isCached(idOf(store, location))).isTrue();
        }
    }

    @Test
    void theWholeImageAskedAsARangeFromZeroGoesThroughTheCache() throws Exception {
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            assertThat(range(cache, location, 0, SIZE)).isEqualTo(image.toByteArray());
            cache.flush();

            assertThat(cache.isCached(idOf(store, location))).isTrue();
        }
    }

    @Test
    void rangeErrorsAreTheStoresWhetherCachedOrNot() {
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            for (int round = 0; round < 2; round++) {
                assertThatThrownBy(() -> cache.get(location, SIZE + 1L, -1).close())
                        .isInstanceOf(InvalidRangeException.class);
                assertThatThrownBy(() -> cache.get(location, -1, -1).close()).isInstanceOf(InvalidRangeException.class);
                assertThatThrownBy(() -> cache.get(location, 0, -2).close()).isInstanceOf(InvalidRangeException.class);
                assertThatThrownBy(() -> cache.get(location, 10, 10,
                        ReadOptions.builder().expectedMd5(image.md5Hex()).build()).close())
                        .isInstanceOf(InvalidException.class);
                cache(cache, location);
            }
        }
    }
}
