package io.glancestore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Many threads on one store instance. */
public abstract class ConcurrencyContract extends StoreContract {

    /**
     * A contract run on a store.
     *
     * @param store supplies the store under test, a new one for each test
     * @param largeImageSize supplies the size of the large image; 0 or less skips its cases
     */
    protected ConcurrencyContract(Supplier<ImageStore> store, LongSupplier largeImageSize) {
        super(store, largeImageSize);
    }

    private static final int THREADS = 8;

    @Test
    @DisplayName("concurrent adds of different ids all store their bytes intact")
    void concurrentAddsOfDifferentIds() throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        List<Callable<Map.Entry<AddResult, GeneratedImage>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < 3; i++) {
                GeneratedImage image = GeneratedImage.of(100L * t + i, (t * 3L + i) * 97_001);
                long declared = (t + i) % 2 == 0 ? image.size() : ImageStore.UNKNOWN_SIZE;
                tasks.add(() -> Map.entry(store().add(newImageId(), image.openStream(), declared), image));
            }
        }
        List<Map.Entry<AddResult, GeneratedImage>> results = runAll(tasks);

        assertThat(results.stream().map(e -> e.getKey().location()).distinct()).hasSize(results.size());
        for (Map.Entry<AddResult, GeneratedImage> e : results) {
            assertStored(e.getKey(), e.getValue());
        }
    }

    @Test
    @DisplayName("concurrent whole reads of one image all deliver the same bytes")
    void concurrentWholeReads() throws Exception {
        GeneratedImage image = GeneratedImage.of(81, 3L * MIB + 11);
        String location = add(newImageId(), image, image.size()).location();
        List<Callable<Digests>> tasks = new ArrayList<>();
        for (int i = 0; i < THREADS * 3; i++) {
            tasks.add(() -> {
                try (ImageData data = store().get(location)) {
                    return Digests.of(data);
                }
            });
        }
        assertThat(runAll(tasks)).allSatisfy(d -> assertThat(d).isEqualTo(image.digests()));
    }

    @Test
    @DisplayName("concurrent ranged reads of one image each deliver their range")
    void concurrentRangedReads() throws Exception {
        requireRandomReads();
        GeneratedImage image = GeneratedImage.of(82, 3L * MIB + 13);
        String location = add(newImageId(), image, image.size()).location();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            SplittableRandom random = new SplittableRandom(t);
            long[][] ranges = new long[20][];
            for (int i = 0; i < ranges.length; i++) {
                long offset = random.nextLong(image.size());
                ranges[i] = new long[] {offset, random.nextLong(1, 300_000)};
            }
            tasks.add(() -> {
                for (long[] range : ranges) {
                    long length = Math.min(range[1], image.size() - range[0]);
                    try (ImageData data = store().get(location, range[0], range[1])) {
                        assertRange(data, image, range[0], length);
                    }
                }
                return null;
            });
        }
        runAll(tasks);
    }

    @Test
    @DisplayName("concurrent adds of the same id: exactly one wins, the others fail with DuplicateException, "
            + "and the winner's bytes are stored intact")
    void concurrentAddsOfSameId() throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        for (int round = 0; round < 6; round++) {
            String id = newImageId();
            int contenders = 6;
            CyclicBarrier start = new CyclicBarrier(contenders);
            List<GeneratedImage> images = new ArrayList<>();
            List<Callable<AddResult>> tasks = new ArrayList<>();
            for (int c = 0; c < contenders; c++) {
                GeneratedImage image = GeneratedImage.of(1000L * round + c, 512L * KIB + c * 4099L);
                long declared = c % 2 == 0 ? image.size() : ImageStore.UNKNOWN_SIZE;
                images.add(image);
                tasks.add(() -> {
                    start.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    return store().add(id, image.openStream(), declared);
                });
            }
            List<Outcome<AddResult>> outcomes = runAllOutcomes(tasks);

            List<Integer> winners = new ArrayList<>();
            for (int c = 0; c < contenders; c++) {
                Outcome<AddResult> outcome = outcomes.get(c);
                if (outcome.failure == null) {
                    winners.add(c);
                } else {
                    assertThat(outcome.failure).as("round %d, contender %d", round, c)
                            .isInstanceOf(DuplicateException.class);
                }
            }
            assertThat(winners).as("round %d: winners", round).hasSize(1);
            int winner = winners.get(0);
            assertStored(outcomes.get(winner).value, images.get(winner));
        }
    }

    @Test
    @DisplayName("an image being added is invisible until its add returns")
    void invisibleWhileAdding() throws Exception {
        requireCapability(Capability.WRITE_ACCESS);
        String id = newImageId();
        String guessed = requireGuessedLocation(id);
        GeneratedImage image = GeneratedImage.of(83, 3L * MIB + 1);
        GatedInputStream source = new GatedInputStream(image.openStream(), MIB + 17);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<AddResult> adding = executor.submit(() -> store().add(id, source, image.size()));
            assertThat(source.awaitPaused(WAIT_SECONDS, TimeUnit.SECONDS)).as("add reached the gate").isTrue();

            assertThatThrownBy(() -> store().size(guessed)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> store().get(guessed).close()).isInstanceOf(NotFoundException.class);

            source.open();
            assertStored(adding.get(WAIT_SECONDS, TimeUnit.SECONDS), image);
        } finally {
            source.open();
            executor.shutdownNow();
        }
    }

    @Test
    @DisplayName("adds, reads and deletes of different images at once do not disturb each other")
    void mixedWorkload() throws Exception {
        requireCapability(Capability.DELETE_ACCESS);
        GeneratedImage shared = GeneratedImage.of(84, 2L * MIB + 3);
        String sharedLocation = add(newImageId(), shared, shared.size()).location();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            tasks.add(() -> {
                for (int i = 0; i < 6; i++) {
                    GeneratedImage image = GeneratedImage.of(5000L * thread + i, 65_536L + 77_777L * i + thread);
                    AddResult result = store().add(newImageId(), image.openStream(),
                            i % 2 == 0 ? image.size() : ImageStore.UNKNOWN_SIZE);
                    assertStored(result, image);
                    try (ImageData data = store().get(sharedLocation)) {
                        assertThat(Digests.of(data)).isEqualTo(shared.digests());
                    }
                    store().delete(result.location());
                    assertThatThrownBy(() -> store().size(result.location())).isInstanceOf(NotFoundException.class);
                }
                return null;
            });
        }
        runAll(tasks);
        assertContent(sharedLocation, shared);
    }
}
