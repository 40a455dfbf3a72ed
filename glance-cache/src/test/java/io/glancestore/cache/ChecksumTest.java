package io.glancestore.cache;

import static io.glancestore.cache.CacheFixture.add;
import static io.glancestore.cache.CacheFixture.cache;
import static io.glancestore.cache.CacheFixture.files;
import static io.glancestore.cache.CacheFixture.idOf;
import static io.glancestore.cache.CacheFixture.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.ImageData;
import io.glancestore.ReadOptions;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.tck.GeneratedImage;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fill or a cached copy whose bytes do not match the expected hashes is never served. */
class ChecksumTest {

    private static final int SIZE = 1_000_003;

    @TempDir
    Path dir;

    private final CountingStore store = new CountingStore(InMemoryStore.create());
    private final GeneratedImage image = GeneratedImage.of(11, SIZE);

    private static String corrupt(String hex) {
        return (hex.charAt(0) == '0' ? '1' : '0') + hex.substring(1);
    }

    private ReadOptions rightHashes() {
        return ReadOptions.builder().expectedMd5(image.md5Hex()).expectedMultihash("sha512", image.sha512Hex()).build();
    }

    @Test
    void aFillWithAWrongExpectedMd5IsQuarantinedAndNeverPublished() throws Exception {
        String location = add(store, image);
        String id = idOf(store, location);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            byte[] got = new byte[SIZE];
            int n = 0;
            Throwable thrown = null;
            try (ImageData data = cache.get(location, 0, -1,
                    ReadOptions.builder().expectedMd5(corrupt(image.md5Hex())).build())) {
                for (int r; (r = data.read(got, n, Math.min(65536, SIZE - n))) > 0; ) {
                    n += r;
                }
            } catch (ChecksumMismatchException e) {
                thrown = e;
            }
            cache.flush();

            assertThat(thrown).isInstanceOf(ChecksumMismatchException.class);
            // What was delivered before the error is exactly the store's bytes.
            assertThat(Arrays.copyOf(got, n)).isEqualTo(image.bytes(0, n));
            assertThat(files(dir)).doesNotContain(id);
            assertThat(files(dir.resolve("invalid"))).containsExactly(id);
            assertThat(Files.size(dir.resolve("invalid").resolve(id))).isEqualTo(SIZE);
            assertThat(cache.list()).isEmpty();
            assertThat(cache.stats().checksumMismatches()).isEqualTo(1);
            assertThat(cache.stats().usedBytes()).isEqualTo(SIZE);

            // The right hashes fill the cache again.
            assertThat(read(cache, location, rightHashes())).isEqualTo(image.digests());
            cache.flush();
            assertThat(cache.isCached(id)).isTrue();
        }
    }

    @Test
    void aFillWithAWrongExpectedMultihashIsQuarantined() {
        String location = add(store, image);
        String id = idOf(store, location);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            ReadOptions wrong = ReadOptions.builder().expectedMultihash("sha512", corrupt(image.sha512Hex())).build();

            assertThatThrownBy(() -> read(cache, location, wrong)).isInstanceOf(ChecksumMismatchException.class);
            cache.flush();

            assertThat(cache.isCached(id)).isFalse();
            assertThat(files(dir.resolve("invalid"))).containsExactly(id);
        }
    }

    @Test
    void aStoreThatServesBadBytesCannotGetThemPublished() {
        String location = add(store, image);
        String id = idOf(store, location);
        store.corruptByteAt(SIZE / 2); // and the store ignores the expected hashes
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            assertThatThrownBy(() -> read(cache, location, rightHashes())).isInstanceOf(ChecksumMismatchException.class);
            cache.flush();

            assertThat(cache.isCached(id)).isFalse();
            assertThat(files(dir)).doesNotContain(id);
            assertThat(files(dir.resolve("invalid"))).containsExactly(id);
        }
    }

    @Test
    void withoutKnownHashesTheFillRecordsItsOwnAndLaterExpectationsAreCheckedAgainstThem() {
        String location = add(store, image);
        String id = idOf(store, location);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            cache(cache, location);
            assertThat(store.wholeGets).hasValue(1);

            // The right hashes: served from the cache.
            assertThat(read(cache, location, rightHashes())).isEqualTo(image.digests());
            assertThat(store.wholeGets).hasValue(1);

            // Hashes that contradict the recorded ones: the copy is quarantined and the store
            // is asked (which fails the caller's check too, since the store has these bytes).
            ReadOptions other = ReadOptions.builder().expectedMd5(corrupt(image.md5Hex())).build();
            assertThatThrownBy(() -> read(cache, location, other)).isInstanceOf(ChecksumMismatchException.class);
            assertThat(store.wholeGets).hasValue(2);
            cache.flush();
            assertThat(cache.isCached(id)).isFalse();
            assertThat(files(dir.resolve("invalid"))).containsExactly(id);
        }
    }

    @Test
    void aCachedCopyDamagedOnDiskIsCaughtWhenTheCallerExpectsHashes() throws Exception {
        String location = add(store, image);
        String id = idOf(store, location);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            read(cache, location, rightHashes());
            cache.flush();
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve(id).toFile(), "rw")) {
                f.seek(SIZE - 3);
                int b = f.read();
                f.seek(SIZE - 3);
                f.write(b ^ 0xff);
            }

            assertThatThrownBy(() -> read(cache, location, rightHashes())).isInstanceOf(ChecksumMismatchException.class);

            assertThat(cache.isCached(id)).isFalse();
            assertThat(files(dir.resolve("invalid"))).containsExactly(id);
            assertThat(read(cache, location, rightHashes())).isEqualTo(image.digests());
        }
    }

    @Test
    void aTruncatedCachedCopyIsNeverServedShort() throws Exception {
        String location = add(store, image);
        String id = idOf(store, location);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            cache(cache, location);
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve(id).toFile(), "rw")) {
                f.setLength(SIZE / 2);
            }

            assertThatThrownBy(() -> read(cache, location)).isInstanceOf(BackendException.class);

            assertThat(cache.isCached(id)).isFalse();
            assertThat(read(cache, location)).isEqualTo(image.digests());
        }
    }

    @Test
    void jdkAlgorithmNamesWorkAsGlanceNames() {
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            ReadOptions jdk = ReadOptions.builder().expectedMultihash("SHA-512", image.sha512Hex()).build();

            assertThat(read(cache, location, jdk)).isEqualTo(image.digests());
            cache.flush();
            assertThat(read(cache, location, jdk)).isEqualTo(image.digests());

            assertThat(store.wholeGets).hasValue(1);
            assertThatThrownBy(() -> cache.get(location, 0, -1,
                    ReadOptions.builder().expectedMultihash("SHA-999", "00").build()))
                    .isInstanceOf(io.glancestore.exception.UnknownHashingAlgoException.class);
        }
    }
}
