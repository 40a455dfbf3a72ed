package io.glancestore.cache;

import static io.glancestore.cache.CacheFixture.add;
import static io.glancestore.cache.CacheFixture.cache;
import static io.glancestore.cache.CacheFixture.idOf;
import static io.glancestore.cache.CacheFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.memory.InMemoryStore;
import io.glancestore.tck.GeneratedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LRU order, hits and last access survive a restart; a lost or damaged index is rebuilt. */
class RestartTest {

    private static final int SIZE = 50_000;

    @TempDir
    Path dir;

    private final CountingStore store = new CountingStore(InMemoryStore.create());
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private String[] locations;

    @BeforeEach
    void addImages() {
        locations = new String[4];
        for (int i = 0; i < locations.length; i++) {
            locations[i] = add(store, GeneratedImage.of(100 + i, SIZE + i));
        }
    }

    /** Caches all four, then reads so that hits are 3, 0, 1, 2 and the LRU order is 1, 2, 3, 0. */
    private List<CachedImage> populate() {
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30, clock)) {
            for (String l : locations) {
                cache(cache, l);
                clock.advance(Duration.ofSeconds(1));
            }
            int[] order = {2, 3, 3, 0, 0, 0};
            for (int i : order) {
                read(cache, locations[i]);
                clock.advance(Duration.ofSeconds(1));
            }
            return cache.list();
        }
    }

    @Test
    void withTheIndexPresentEverythingIsAsBefore() {
        List<CachedImage> before = populate();
        assertThat(before).extracting(CachedImage::hits).containsExactly(0L, 1L, 2L, 3L);

        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30, clock)) {
            assertThat(cache.list()).isEqualTo(before);
            int gets = store.wholeGets.get();
            read(cache, locations[1]);
            assertThat(store.wholeGets).hasValue(gets);
        }
    }

    @Test
    void indexUpdatesSurviveACrashWithoutClose() throws Exception {
        populate();
        // A process that dies keeps what it had written: copy the folder while the cache is open.
        Path copy = Files.createTempDirectory(dir.getParent(), "crashed-cache");
        List<CachedImage> before;
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30, clock)) {
            read(cache, locations[1]);
            read(cache, locations[1]);
            cache.flush();
            before = cache.list();
            copyTree(dir, copy);
        }
        try (CachingImageStore cache = CacheFixture.open(store, copy, 1L << 30, clock)) {
            assertThat(cache.list()).isEqualTo(before);
        }
    }

    @Test
    void withoutAnIndexTheCacheIsRebuiltFromTheFolder() throws Exception {
        populate();
        deleteTree(dir.resolve(".index"));
        for (int i = 0; i < locations.length; i++) {
            // Access times as the folder would tell them: image 2 oldest, then 0, 3, 1.
            long[] rank = {1, 3, 0, 2};
            Path file = dir.resolve(idOf(store, locations[i]));
            Files.setAttribute(file, "lastAccessTime", FileTime.from(Instant.parse("2031-01-01T00:00:00Z")
                    .plusSeconds(rank[i])));
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2029-01-01T00:00:00Z")));
        }

        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30, clock)) {
            assertThat(cache.list()).extracting(CachedImage::imageId).containsExactly(
                    idOf(store, locations[2]), idOf(store, locations[0]), idOf(store, locations[3]),
                    idOf(store, locations[1]));
            assertThat(cache.list()).extracting(CachedImage::size).containsExactly(
                    (long) SIZE + 2, (long) SIZE, (long) SIZE + 3, (long) SIZE + 1);
            assertThat(cache.list()).extracting(CachedImage::hits).containsOnly(0L);
            int gets = store.wholeGets.get();
            assertThat(read(cache, locations[3])).isEqualTo(GeneratedImage.of(103, SIZE + 3).digests());
            assertThat(store.wholeGets).hasValue(gets);
            assertThat(cache.stats().usedBytes()).isEqualTo(4L * SIZE + 6);
        }
        assertThat(dir.resolve(".index").resolve("ledger.db")).exists();
    }

    @Test
    void aDamagedIndexIsRebuiltFromTheFolder() throws Exception {
        populate();
        Path ledger = dir.resolve(".index").resolve("ledger.db");
        byte[] bytes = Files.readAllBytes(ledger);
        java.util.Arrays.fill(bytes, 0, 100, (byte) 0x5a); // its header: not a database any more
        Files.write(ledger, bytes);

        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30, clock)) {
            assertThat(cache.list()).extracting(CachedImage::imageId).containsExactlyInAnyOrder(
                    idOf(store, locations[0]), idOf(store, locations[1]), idOf(store, locations[2]),
                    idOf(store, locations[3]));
            int gets = store.wholeGets.get();
            read(cache, locations[0]);
            assertThat(store.wholeGets).hasValue(gets);
        }
    }

    @Test
    void aSnapshotThatIsNotAnIndexAtAllIsRebuilt() throws Exception {
        populate();
        Files.writeString(dir.resolve(".index").resolve("ledger.db"), "not an index");

        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30, clock)) {
            assertThat(cache.list()).hasSize(4);
        }
    }

    @Test
    void filesRemovedWhileClosedAreForgottenAndForeignFilesNeverServed() throws Exception {
        populate();
        Files.delete(dir.resolve(idOf(store, locations[0])));
        GeneratedImage extra = GeneratedImage.of(200, 1234);
        String extraLocation = add(store, extra);
        String extraId = idOf(store, extraLocation);
        // The right bytes under the right name, but not published by the cache: nothing vouches
        // for them, so they are quarantined, not adopted.
        Files.write(dir.resolve(extraId), extra.toByteArray());
        Files.writeString(dir.resolve("not an image id"), "ignored");

        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30, clock)) {
            assertThat(cache.list()).extracting(CachedImage::imageId)
                    .doesNotContain(idOf(store, locations[0]), extraId)
                    .hasSize(3);
            assertThat(dir.resolve("invalid").resolve(extraId)).exists();
            assertThat(cache.stats().usedBytes()).isEqualTo(3L * SIZE + 6 + 1234);
            int gets = store.wholeGets.get();
            assertThat(read(cache, extraLocation)).isEqualTo(extra.digests());
            assertThat(read(cache, locations[0])).isEqualTo(GeneratedImage.of(100, SIZE).digests());
            assertThat(store.wholeGets).hasValue(gets + 2);
        }
    }

    @Test
    void manyEntriesSurviveInOrder() throws Exception {
        int n = 2_000;
        List<String> ids = new ArrayList<>();
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30, clock)) {
            for (int i = 0; i < n; i++) {
                String location = store.add(CacheFixture.newId(), new java.io.ByteArrayInputStream(new byte[] {
                        (byte) i}), 1).location();
                ids.add(idOf(store, location));
                cache(cache, location);
            }
            // Touch every tenth again, so the order is not the order of filling.
            for (int i = 0; i < n; i += 10) {
                read(cache, store.location("memory://memory/" + ids.get(i)).uri());
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i % 10 != 0) {
                expected.add(ids.get(i));
            }
        }
        for (int i = 0; i < n; i += 10) {
            expected.add(ids.get(i));
        }
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30, clock)) {
            assertThat(cache.list()).extracting(CachedImage::imageId).containsExactlyElementsOf(expected);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("lock")) {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            tree.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

}
