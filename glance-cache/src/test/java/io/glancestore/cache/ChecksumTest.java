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

            // Hashes that contradict the recorded ones fail that caller's read, before any byte,
            // and leave the verified copy alone: a caller's wrong hash is the caller's problem.
            ReadOptions other = ReadOptions.builder().expectedMd5(corrupt(image.md5Hex())).build();
            assertThatThrownBy(() -> cache.get(location, 0, -1, other)).isInstanceOf(ChecksumMismatchException.class)
                    .hasMessageContaining("differ from the cached image's");
            ReadOptions otherMultihash = ReadOptions.builder()
                    .expectedMultihash("sha512", corrupt(image.sha512Hex())).build();
            assertThatThrownBy(() -> cache.get(location, 0, -1, otherMultihash))
                    .isInstanceOf(ChecksumMismatchException.class);
            cache.flush();
            assertThat(store.wholeGets).hasValue(1);
            assertThat(cache.isCached(id)).isTrue();
            assertThat(files(dir.resolve("invalid"))).isEmpty();
            assertThat(cache.stats().checksumMismatches()).isZero();
            assertThat(read(cache, location, rightHashes())).isEqualTo(image.digests());
            assertThat(store.wholeGets).hasValue(1);
        }
    }

    @Test
    void aCachedCopyDamagedOnDiskIsNeverServed() throws Exception {
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

            // Not the file as published (its change time moved): its content is checked against
            // the record, fails, and the read goes to the store.
            assertThat(read(cache, location, rightHashes())).isEqualTo(image.digests());
            assertThat(read(cache, location)).isEqualTo(image.digests());

            assertThat(files(dir.resolve("invalid"))).containsExactly(id);
            assertThat(cache.stats().verificationFailures()).isEqualTo(1);
            assertThat(store.wholeGets).hasValue(2);
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

            assertThat(read(cache, location)).isEqualTo(image.digests());

            assertThat(files(dir.resolve("invalid"))).containsExactly(id);
            assertThat(Files.size(dir.resolve("invalid").resolve(id))).isEqualTo(SIZE / 2);
            cache.flush();
            assertThat(cache.isCached(id)).as("cached again by that read").isTrue();
            assertThat(cache.stats().usedBytes()).isEqualTo(SIZE + SIZE / 2);
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
