package io.glancestore.cache;

import static io.glancestore.cache.CacheFixture.add;
import static io.glancestore.cache.CacheFixture.files;
import static io.glancestore.cache.CacheFixture.idOf;
import static io.glancestore.cache.CacheFixture.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.ImageData;
import io.glancestore.ReadOptions;
import io.glancestore.exception.BackendException;
import io.glancestore.file.FileStore;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A miss in front of a store whose reads are local files (the file store) is a copy of the
 * store's file by positional reads beside the first reader, who reads the store as if uncached.
 * The copy's reads are held at a gate where a test needs the fill in progress.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CopyFillTest {

    private static final int MIB = 1 << 20;
    /** Many copy steps, so a gated copy stops part way. */
    private static final long SIZE = 20L * MIB + 5;

    @TempDir
    Path dir;

    @TempDir
    Path datadir;

    private FileStore fileStore;
    private CountingStore store;
    private final GeneratedImage image = GeneratedImage.of(61, SIZE);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void openStore() {
        fileStore = FileStore.builder().datadir(datadir).build();
        store = new CountingStore(fileStore);
    }

    @AfterEach
    void closeStore() {
        threads.shutdownNow();
        fileStore.close();
    }

    /** The first reader of a miss whose copy is held at its gate; closing opens the gate. */
    private record HeldCopy(ImageData first, CountingStore.CopyGate gate) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            gate.open();
            first.close();
        }
    }

    /** Starts a miss whose copy stops after its first read, and waits until it has. */
    private HeldCopy missWithHeldCopy(CachingImageStore cache, String location) throws InterruptedException {
        store.gateNextCopyAfterFirstStep();
        ImageData first = cache.get(location);
        CountingStore.CopyGate gate = store.copyGates.get(store.copyGates.size() - 1);
        assertThat(gate.awaitPaused(60, TimeUnit.SECONDS)).as("the copy held at its gate").isTrue();
        return new HeldCopy(first, gate);
    }

    @Test
    void aMissIsCopiedFromTheStoresFileWhichIsReadOnce() throws Exception {
        String location = add(store, image);
        String id = idOf(store, location);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            try (ImageData data = cache.get(location)) {
                assertThat(data.isLocalFile()).as("the first reader reads the store's file").isTrue();
                assertThat(Digests.of(data)).isEqualTo(image.digests());
            }
            cache.flush();

            assertThat(cache.isCached(id)).isTrue();
            assertThat(store.wholeGets).hasValue(1);
            assertThat(files(dir.resolve("incomplete"))).isEmpty();
            try (InputStream in = Files.newInputStream(dir.resolve(id))) {
                assertThat(Digests.of(in)).isEqualTo(image.digests());
            }
            assertThat(cache.cachedImage(id).orElseThrow().size()).isEqualTo(SIZE);
            assertThat(read(cache, location)).isEqualTo(image.digests());
            assertThat(store.wholeGets).as("the second read is a hit").hasValue(1);
            assertThat(cache.stats().hits()).isEqualTo(1);
        }
    }

    @Test
    void aPrefetchIsACopyNobodyReads() throws Exception {
        String location = add(store, image);
        String id = idOf(store, location);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            assertThat(cache.queue(location)).isTrue();
            assertThat(cache.prefetch()).isEqualTo(1);

            assertThat(cache.isCached(id)).isTrue();
            assertThat(cache.queuedImages()).isEmpty();
            assertThat(store.wholeGets).hasValue(1);
            try (InputStream in = Files.newInputStream(dir.resolve(id))) {
                assertThat(Digests.of(in)).isEqualTo(image.digests());
            }
        }
    }

    @Test
    void theCopyGoesOnWhenTheFirstReaderClosesEarly() throws Exception {
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            try (ImageData data = cache.get(location)) {
                assertThat(data.readNBytes(1000)).containsExactly(image.bytes(0, 1000));
            }
            cache.flush();

            assertThat(cache.isCached(idOf(store, location))).isTrue();
            assertThat(read(cache, location)).isEqualTo(image.digests());
            assertThat(store.wholeGets).hasValue(1);
            assertThat(cache.stats().usedBytes()).isEqualTo(SIZE);
        }
    }

    @Test
    void aReaderThatJoinsReadsBehindTheCopyAndWaitsAtItsFrontier() throws Exception {
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            try (HeldCopy held = missWithHeldCopy(cache, location)) {
                ImageData first = held.first();
                CountingStore.CopyGate gate = held.gate();
                try (ImageData second = cache.get(location)) {
                    assertThat(second.isLocalFile()).as("a joined reader reads the cache's file").isFalse();
                    assertThat(second.available()).as("bytes copied so far").isPositive().isLessThan((int) SIZE);
                    byte[] head = second.readNBytes(second.available());
                    Future<byte[]> rest = threads.submit(() -> second.readAllBytes());
                    gate.open();
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    all.write(head);
                    all.write(rest.get(60, TimeUnit.SECONDS));
                    assertThat(Digests.of(all.toByteArray())).isEqualTo(image.digests());
                }
                assertThat(Digests.of(first)).isEqualTo(image.digests());
            }
            cache.flush();

            assertThat(store.wholeGets).hasValue(1);
            assertThat(cache.stats().sharedReads()).isEqualTo(1);
            assertThat(cache.isCached(idOf(store, location))).isTrue();
        }
    }

    @Test
    void aStoreFileShorterThanItsImageFailsTheCopyAndNothingIsCached() throws Exception {
        String location = add(store, image);
        String id = idOf(store, location);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            try (HeldCopy held = missWithHeldCopy(cache, location)) {
                ImageData first = held.first();
                CountingStore.CopyGate gate = held.gate();
                try (FileChannel f = FileChannel.open(datadir.resolve(id), StandardOpenOption.WRITE)) {
                    f.truncate(10L * MIB);
                }
                gate.open();
                cache.flush();

                assertThat(cache.isCached(id)).isFalse();
                assertThat(cache.stats().fillsFailed()).isEqualTo(1);
                assertThat(cache.stats().usedBytes()).isZero();
                assertThat(files(dir.resolve("incomplete"))).isEmpty();
                assertThat(files(dir)).isEmpty();
                // The reader meets the short file as an uncached read would.
                assertThatThrownBy(first::readAllBytes).isInstanceOf(BackendException.class)
                        .hasMessageContaining("ended the data");
            }
        }
    }

    @Test
    void deletingTheImageDuringACopyAbandonsItAndTheReaderCarriesOn() throws Exception {
        String location = add(store, image);
        String id = idOf(store, location);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            try (HeldCopy held = missWithHeldCopy(cache, location)) {
                ImageData first = held.first();
                CountingStore.CopyGate gate = held.gate();
                cache.delete(location);
                gate.open();
                cache.flush();

                assertThat(cache.isCached(id)).isFalse();
                assertThat(files(dir.resolve("incomplete"))).isEmpty();
                assertThat(cache.stats().usedBytes()).isZero();
                assertThat(Digests.of(first)).isEqualTo(image.digests());
            }
        }
    }

    @Test
    void closingTheCacheAbandonsACopyInProgress() throws Exception {
        String location = add(store, image);
        String id = idOf(store, location);
        CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30);
        try (HeldCopy held = missWithHeldCopy(cache, location)) {
            ImageData first = held.first();
            CountingStore.CopyGate gate = held.gate();
            // Close waits at most for the copy's read in flight, which the gate holds.
            Future<?> closed = threads.submit(() -> {
                cache.close();
                return null;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (cache.stats().fillsFailed() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(cache.stats().fillsFailed()).as("the copy abandoned by close").isEqualTo(1);
            assertThat(closed).as("close waits for the copy's read in flight").isNotDone();
            gate.open();
            closed.get(60, TimeUnit.SECONDS);
            assertThat(Digests.of(first)).as("the first reader reads the store").isEqualTo(image.digests());
        }
        assertThat(files(dir.resolve("incomplete"))).isEmpty();
        assertThat(files(dir)).isEmpty();
        try (CachingImageStore reopened = CacheFixture.open(store, dir, 1L << 30)) {
            assertThat(reopened.isCached(id)).isFalse();
            assertThat(reopened.stats().usedBytes()).isZero();
        }
    }

    @Test
    void copiesHeldUpDoNotHoldUpATee() throws Exception {
        // As many held copies as the cache has writer threads, then a verified miss, which tees
        // and needs a writer: copies run on threads of their own.
        int held = Math.max(2, Runtime.getRuntime().availableProcessors());
        List<String> locations = new ArrayList<>();
        for (int i = 0; i < held; i++) {
            locations.add(add(store, GeneratedImage.of(70 + i, 3L * MIB)));
        }
        GeneratedImage teed = GeneratedImage.of(80, 9L * MIB + 1);
        String teedLocation = add(store, teed);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            List<HeldCopy> copies = new ArrayList<>();
            try {
                for (int i = 0; i < held; i++) {
                    copies.add(missWithHeldCopy(cache, locations.get(i)));
                }
                ReadOptions verify = ReadOptions.builder().expectedMd5(teed.md5Hex()).build();
                Future<Digests> tee = threads.submit(() -> read(cache, teedLocation, verify));
                assertThat(tee.get(60, TimeUnit.SECONDS)).isEqualTo(teed.digests());
            } finally {
                for (HeldCopy c : copies) {
                    c.close();
                }
            }
            cache.flush();
            assertThat(cache.isCached(idOf(store, teedLocation))).isTrue();
            for (String location : locations) {
                assertThat(cache.isCached(idOf(store, location))).isTrue();
            }
        }
    }

    @Test
    void aStalledCopyIsRemovedByClean() throws Exception {
        String location = add(store, image);
        String id = idOf(store, location);
        MutableClock clock = new MutableClock(Instant.now());
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30, clock)) {
            try (HeldCopy held = missWithHeldCopy(cache, location)) {
                ImageData first = held.first();
                CountingStore.CopyGate gate = held.gate();
                assertThat(files(dir.resolve("incomplete"))).containsExactly(id);

                clock.advance(CacheConfig.DEFAULT_STALL_TIME.plusSeconds(1));
                CleanupResult cleaned = cache.clean();
                assertThat(cleaned.files()).isEqualTo(1);
                assertThat(cleaned.bytes()).isPositive().isLessThan(SIZE);
                assertThat(files(dir.resolve("incomplete"))).isEmpty();
                assertThat(cache.stats().usedBytes()).isZero();

                gate.open();
                cache.flush();
                assertThat(cache.isCached(id)).isFalse();
                assertThat(Digests.of(first)).isEqualTo(image.digests());
            }
            // The next miss copies it afresh.
            assertThat(read(cache, location)).isEqualTo(image.digests());
            cache.flush();
            assertThat(cache.isCached(id)).isTrue();
        }
    }
}
