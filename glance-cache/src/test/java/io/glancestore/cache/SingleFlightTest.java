package io.glancestore.cache;

import static io.glancestore.cache.CacheFixture.add;
import static io.glancestore.cache.CacheFixture.idOf;
import static io.glancestore.cache.CacheFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.ImageData;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GatedInputStream;
import io.glancestore.tck.GeneratedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent misses of one image read the store once and share that fill. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SingleFlightTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private final CountingStore store = new CountingStore(InMemoryStore.create());
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void concurrentMissesReadTheStoreOnce() throws Exception {
        GeneratedImage image = GeneratedImage.of(1, 8L * MIB + 3);
        String location = add(store, image);
        int readers = 8;
        store.gateNextStreamAfter(64 * 1024);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            CountDownLatch opened = new CountDownLatch(readers);
            List<Future<Digests>> results = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                results.add(threads.submit(() -> {
                    try (ImageData data = cache.get(location)) {
                        opened.countDown();
                        return Digests.of(data);
                    }
                }));
            }
            // Every reader has its stream before the store delivers more than the first bytes.
            assertThat(opened.await(60, TimeUnit.SECONDS)).isTrue();
            GatedInputStream gate = store.gates.get(0);
            assertThat(gate.awaitPaused(60, TimeUnit.SECONDS)).isTrue();
            gate.open();
            for (Future<Digests> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(image.digests());
            }
            cache.flush();

            assertThat(store.wholeGets).hasValue(1);
            assertThat(store.rangedGets).hasValue(0);
            assertThat(cache.stats().fills()).isEqualTo(1);
            assertThat(cache.stats().sharedReads()).isEqualTo(readers - 1);
            assertThat(cache.isCached(idOf(store, location))).isTrue();
        }
    }

    @Test
    void oneThreadCanReadTwoStreamsOfAFillInAnyOrder() throws Exception {
        GeneratedImage image = GeneratedImage.of(2, 3L * MIB + 1);
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            try (ImageData first = cache.get(location); ImageData second = cache.get(location)) {
                // The second stream, opened on the fill the first started, is read first and whole.
                assertThat(Digests.of(second)).isEqualTo(image.digests());
                assertThat(Digests.of(first)).isEqualTo(image.digests());
            }
            cache.flush();
            assertThat(store.wholeGets).hasValue(1);
            assertThat(cache.isCached(idOf(store, location))).isTrue();
        }
    }

    @Test
    void anIdleReaderHoldsNobodyBack() throws Exception {
        GeneratedImage image = GeneratedImage.of(3, 2L * MIB + 7);
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            try (ImageData idle = cache.get(location)) {
                byte[] head = idle.readNBytes(100);
                Future<Digests> other = threads.submit(() -> read(cache, location));
                assertThat(other.get(60, TimeUnit.SECONDS)).isEqualTo(image.digests());

                ByteArrayOutputStream all = new ByteArrayOutputStream();
                all.write(head);
                idle.transferTo(all);
                assertThat(Digests.of(all.toByteArray())).isEqualTo(image.digests());
            }
            assertThat(store.wholeGets).hasValue(1);
        }
    }

    @Test
    void whenTheFirstReaderClosesEarlyTheOthersFinishTheFill() throws Exception {
        GeneratedImage image = GeneratedImage.of(4, 2L * MIB + 9);
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            ImageData first = cache.get(location);
            ImageData second = cache.get(location);
            first.readNBytes(300_000);
            first.close();

            assertThat(Digests.of(second)).isEqualTo(image.digests());
            second.close();
            cache.flush();

            assertThat(store.wholeGets).hasValue(1);
            assertThat(cache.isCached(idOf(store, location))).isTrue();
        }
    }

    @Test
    void aFillEveryReaderAbandonsIsRemoved() throws Exception {
        GeneratedImage image = GeneratedImage.of(5, 2L * MIB);
        String location = add(store, image);
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            try (ImageData data = cache.get(location)) {
                data.readNBytes(MIB);
            }
            cache.flush();

            assertThat(cache.list()).isEmpty();
            assertThat(CacheFixture.files(dir.resolve("incomplete"))).isEmpty();
            assertThat(cache.stats().usedBytes()).isZero();
            assertThat(cache.stats().fillsFailed()).isEqualTo(1);
        }
    }

    @Test
    void whenTheStoreFailsMidFillTheReaderGetsTheErrorAndTheOthersRecover() throws Exception {
        GeneratedImage image = GeneratedImage.of(6, 3L * MIB + 5);
        String location = add(store, image);
        store.failNextStreamAfter(MIB + 17);
        int wholeGetsBefore = store.wholeGets.get();
        try (CachingImageStore cache = CacheFixture.open(store, dir, 1L << 30)) {
            ImageData puller = cache.get(location);
            ImageData follower = cache.get(location);
            Throwable failure = null;
            try {
                puller.readAllBytes();
            } catch (Exception e) {
                failure = e;
            } finally {
                puller.close();
            }
            assertThat(failure).isNotNull();

            // The follower gets every byte: what the fill wrote, then the rest from the store.
            assertThat(Digests.of(follower)).isEqualTo(image.digests());
            follower.close();
            cache.flush();

            assertThat(cache.list()).isEmpty();
            assertThat(CacheFixture.files(dir.resolve("incomplete"))).isEmpty();
            assertThat(cache.stats().usedBytes()).isZero();
            // Besides the fill's own read, the follower read the store once: from where the fill
            // stopped, or from the start when the fill had written none of its bytes to the copy
            // yet (its writer runs behind the puller).
            int followerReads = store.rangedGets.get() + store.wholeGets.get() - wholeGetsBefore - 1;
            assertThat(followerReads).isEqualTo(1);
        }
    }
}
