package io.glancestore.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.ImageStore;
import io.glancestore.file.FileStore;
import io.glancestore.tck.GeneratedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs on one cache folder whose limit is smaller than the working set: three readers
 * (verified and unverified whole reads, ranges; some with full verification of every hit), one
 * process running every maintenance call in a loop, and one process killed with SIGKILL in the
 * middle of a fill. A sampler watches the folder all along. Nothing read is wrong, no call fails,
 * the folder never holds more than the limit, and what the killed process left is reclaimed.
 */
class MultiProcessTest {

    private static final long LIMIT = 3L * 1024 * 1024;
    private static final int SECONDS = 20;

    @TempDir
    Path dir;

    @TempDir
    Path datadir;

    private static Process start(String role, Path dir, Path datadir, long seed, List<String> images) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-cp", System.getProperty("java.class.path"), CacheWorker.class.getName(), role,
                dir.toString(), datadir.toString(), Long.toString(LIMIT), Integer.toString(SECONDS),
                Long.toString(seed)));
        cmd.addAll(images);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String lastLines(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder all = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (!line.contains(" INFO ")) {
                all.append(line).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void processesShareOneFolderWithinItsLimitThroughAKill() throws Exception {
        List<String> images = new ArrayList<>();
        try (ImageStore store = FileStore.builder().datadir(datadir).build()) {
            for (int i = 0; i < 14; i++) {
                long size = 150_000 + 61_000L * i;
                GeneratedImage image = GeneratedImage.of(500 + i, size);
                images.add(CacheFixture.add(store, image) + "," + (500 + i) + "," + size);
            }
            GeneratedImage big = GeneratedImage.of(999, 2_500_000);
            images.add(CacheFixture.add(store, big) + ",999,2500000");
        }
        Files.createDirectories(dir);
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicLong worst = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                try {
                    worst.accumulateAndGet(FolderWitness.bytesSurelyInFolder(dir), Math::max);
                } catch (java.io.UncheckedIOException e) {
                    // the layout is still being created by the first process
                }
            }
        });
        sampler.start();
        List<Process> workers = new ArrayList<>();
        Process killed = null;
        try {
            for (int i = 0; i < 3; i++) {
                workers.add(start("reader", dir, datadir, i, images));
            }
            workers.add(start("maintenance", dir, datadir, 7, images));
            killed = start("killed", dir, datadir, 9, images);
            BufferedReader out = new BufferedReader(new InputStreamReader(killed.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.equals("HALF")) {
                seen.add(line);
            }
            assertThat(line).as("killed child output: %s", seen).isEqualTo("HALF");
            killed.destroyForcibly(); // SIGKILL in the middle of its fill
            assertThat(killed.waitFor(60, TimeUnit.SECONDS)).isTrue();

            for (Process w : workers) {
                String output = lastLines(w);
                assertThat(w.waitFor(3, TimeUnit.MINUTES)).isTrue();
                assertThat(w.exitValue()).as(output).isZero();
                System.out.println(output);
                assertThat(output).contains("OK ");
            }
        } finally {
            sampling.set(false);
            sampler.join();
            workers.forEach(Process::destroyForcibly);
            if (killed != null) {
                killed.destroyForcibly();
            }
        }
        assertThat(worst.get()).as("bytes seen in the folder at once").isLessThanOrEqualTo(LIMIT).isPositive();

        try (CachingImageStore cache = CachingImageStore.open(FileStore.builder().datadir(datadir).build(),
                CacheFixture.config(dir, LIMIT).build())) {
            cache.clean();
            CacheStats stats = cache.stats();
            assertThat(stats.peakUsedBytes()).isLessThanOrEqualTo(LIMIT);
            assertThat(stats.folderUnavailable()).as("reads that found the folder unusable").isZero();
            assertThat(stats.fillsInProgress()).as("the killed process's fill is reclaimed").isZero();
            assertThat(CacheFixture.files(dir.resolve("incomplete"))).isEmpty();
            assertThat(CacheFixture.folderBytes(dir)).isEqualTo(stats.usedBytes());
            assertThat(stats.hits()).as("hits of every process, shared: %s", stats).isPositive();
            assertThat(stats.evictions()).isPositive();
            assertThat(cache.verify().quarantined()).isZero();
        }
    }
}
