package io.glancestore.cache;

import static io.glancestore.cache.CacheFixture.files;
import static io.glancestore.cache.CacheFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.ImageStore;
import io.glancestore.file.FileStore;
import io.glancestore.memory.InMemoryStore;
import io.glancestore.tck.GeneratedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A process killed with SIGKILL mid-fill leaves nothing that is ever served. */
class CrashRecoveryTest {

    private static final long SIZE = 8L * 1024 * 1024 + 3;

    @TempDir
    Path dir;

    @TempDir
    Path datadir;

    static GeneratedImage image(String id, long size) {
        return GeneratedImage.of(id.hashCode(), size);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tee", "copy"})
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aFillKilledHalfwayLeavesOnlyAnIncompleteFileThatTheNextOpenRemoves(String fill) throws Exception {
        boolean copy = fill.equals("copy");
        String completeId = UUID.randomUUID().toString();
        String halfId = UUID.randomUUID().toString();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), CrashingFill.class.getName(),
                dir.toString(), completeId, halfId, Long.toString(SIZE)));
        if (copy) {
            command.add(datadir.toString()); // the child's images live on in the file store
        }
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.equals("HALF")) {
                seen.add(line);
            }
            assertThat(line).as("child output: %s", seen).isEqualTo("HALF");
            Path partial = dir.resolve("incomplete").resolve(halfId);
            assertThat(partial).exists();
            assertThat(Files.size(partial)).isGreaterThanOrEqualTo(copy ? 1 : SIZE / 2).isLessThan(SIZE);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        ImageStore store = copy ? FileStore.builder().datadir(datadir).build() : InMemoryStore.create();
        String complete = copy ? store.location("file://" + datadir.resolve(completeId)).uri()
                : CacheFixture.add(store, completeId, image(completeId, SIZE));
        String half = copy ? store.location("file://" + datadir.resolve(halfId)).uri()
                : CacheFixture.add(store, halfId, image(halfId, SIZE));
        CountingStore counting = new CountingStore(store);
        try (CachingImageStore cache = CacheFixture.open(counting, dir, 1L << 30)) {
            assertThat(files(dir.resolve("incomplete"))).isEmpty();
            assertThat(files(dir)).containsExactly(completeId);
            assertThat(cache.list()).extracting(CachedImage::imageId).containsExactly(completeId);
            assertThat(cache.cachedImage(completeId).orElseThrow().hits()).isEqualTo(3);
            assertThat(cache.stats().usedBytes()).isEqualTo(SIZE);

            assertThat(read(cache, complete)).isEqualTo(image(completeId, SIZE).digests());
            assertThat(counting.wholeGets).hasValue(0);
            assertThat(read(cache, half)).isEqualTo(image(halfId, SIZE).digests());
            assertThat(counting.wholeGets).hasValue(1);
        }
    }
}
