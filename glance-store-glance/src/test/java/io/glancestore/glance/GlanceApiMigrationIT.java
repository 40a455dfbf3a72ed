package io.glancestore.glance;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.ImageData;
import io.glancestore.copy.StoreMigration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Glance-aware migrations of images uploaded through the Glance API from the file store
 * {@code local} to the rbd store {@code ceph}, while a reader keeps downloading every image
 * through the Glance API and checking its bytes: the migration runs in a JVM of its own, is
 * SIGKILLed half-way and resumed from its journal. At the end every record points only at the
 * rbd store, the files are gone, and no download failed or differed. Rolling and legacy mode.
 * Prints the time of each phase and the longest time an image could not be downloaded.
 */
class GlanceApiMigrationIT {

    static final int IMAGES = 10;
    static GlanceServer server;
    static GlanceClient glance;

    @TempDir
    Path tmp;

    @BeforeAll
    static void glance() {
        server = GlanceServer.get();
        glance = server.client();
    }

    @Test
    void aRollingMigrationKilledHalfWayMovesEveryImageWhileGlanceServesThem() throws Exception {
        migrate(StoreMigration.Mode.ROLLING);
    }

    @Test
    void aLegacyMigrationKilledHalfWayMovesEveryImage() throws Exception {
        migrate(StoreMigration.Mode.LEGACY);
    }

    private void migrate(StoreMigration.Mode mode) throws Exception {
        Map<String, Long> phases = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int i = 0; i < IMAGES; i++) {
            byte[] data = GlanceServer.randomBytes(mode.ordinal() * 100 + i, 4 * 1024 * 1024 + 7 * i);
            images.put(server.upload(glance, "migrate-" + mode + "-" + i, "local", data), data);
        }
        phases.put("upload of " + IMAGES + " images through glance", millisSince(t0));

        Reader reader = new Reader(images);
        Thread readerThread = new Thread(reader, "glance reader");
        readerThread.start();
        Path journal = tmp.resolve("journal");
        try {
            long t1 = System.nanoTime();
            Process first = start(mode, journal, images, "first");
            int moved = awaitHalfWay(first, images);
            assertThat(first.isAlive()).as("the first run is still running when killed").isTrue();
            first.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
            phases.put("first run, SIGKILLed with " + moved + " images in ceph", millisSince(t1));
            for (String id : images.keySet()) {
                GlanceImage image = glance.image(id);
                assertThat(image.active()).as("%s after the kill", id).isTrue();
                assertThat(image.locations()).as("%s after the kill", id).isNotEmpty();
            }

            long t2 = System.nanoTime();
            Process second = start(mode, journal, images, "second");
            assertThat(second.waitFor(10, TimeUnit.MINUTES)).as("the resumed run ends").isTrue();
            assertThat(second.exitValue()).as("resumed run: %s", output("second")).isZero();
            phases.put("resumed run to the end", millisSince(t2));
            // One more round of downloads after the last move.
            reader.awaitRounds(reader.rounds() + 1);
        } finally {
            reader.stop();
            readerThread.join(TimeUnit.MINUTES.toMillis(2));
        }

        for (Map.Entry<String, byte[]> e : images.entrySet()) {
            GlanceImage image = glance.image(e.getKey());
            assertThat(image.stores()).containsExactly("ceph");
            assertThat(image.locations()).singleElement().satisfies(l -> {
                assertThat(l.store()).contains("ceph");
                assertThat(l.url()).startsWith("rbd://");
            });
            assertThat(image.checksum()).isEqualTo(GlanceServer.md5(e.getValue()));
            assertThat(server.localFile(e.getKey())).doesNotExist();
            try (ImageData data = glance.download(image)) {
                assertThat(data.readAllBytes()).isEqualTo(e.getValue());
            }
        }
        phases.put("total", millisSince(t0));
        System.out.printf("%s migration of %d images local (file) -> ceph (rbd): %s; %d downloads through glance"
                + " during it, %d failed or wrong; longest time an image was unreadable: %d ms%n", mode, IMAGES,
                phases, reader.downloads.get(), reader.failures.size(), reader.longestOutageMillis());
        assertThat(reader.failures).as("failed or wrong downloads").isEmpty();
        assertThat(reader.downloads.get()).isGreaterThanOrEqualTo(2L * IMAGES);
        glance.images().stream().filter(i -> images.containsKey(i.id())).forEach(i -> glance.deleteImage(i.id()));
    }

    private Process start(StoreMigration.Mode mode, Path journal, Map<String, byte[]> images, String name)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(server.url(), server.dir().resolve("glance-api.conf").toString(),
                journal.toString(), mode.name(), "local", "ceph"));
        args.addAll(images.keySet());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                GlanceMigrationProcess.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve(name).toFile())
                .start();
    }

    private String output(String name) throws IOException {
        return Files.readString(tmp.resolve(name), StandardCharsets.UTF_8);
    }

    /** Waits until some but not all images have a location in ceph; returns how many. */
    private static int awaitHalfWay(Process p, Map<String, byte[]> images) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (p.isAlive() && System.nanoTime() < deadline) {
            int inCeph = 0;
            for (String id : images.keySet()) {
                if (!glance.image(id).locationsIn("ceph").isEmpty()) {
                    inCeph++;
                }
            }
            if (inCeph >= IMAGES / 3) {
                return inCeph;
            }
            Thread.sleep(20);
        }
        return -1;
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Downloads every image through Glance's API, over and over, and checks the bytes. */
    static final class Reader implements Runnable {
        final Map<String, byte[]> images;
        final Map<String, GlanceImage> records = new ConcurrentHashMap<>();
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicLong downloads = new AtomicLong();
        final AtomicLong completedRounds = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        /** Per image, since when its downloads fail (absent while they succeed). */
        final Map<String, Long> failingSince = new ConcurrentHashMap<>();
        final AtomicLong longestOutageNanos = new AtomicLong();

        Reader(Map<String, byte[]> images) {
            this.images = images;
            // The hashes to verify against are those Glance recorded at the upload; a record
            // read during the migration must show the same.
            images.keySet().forEach(id -> records.put(id, glance.image(id)));
        }

        @Override
        public void run() {
            while (!stop.get()) {
                for (Map.Entry<String, byte[]> e : images.entrySet()) {
                    read(e.getKey(), e.getValue());
                }
                completedRounds.incrementAndGet();
            }
        }

        private void read(String id, byte[] expected) {
            long start = System.nanoTime();
            try (ImageData data = glance.download(records.get(id))) {
                byte[] got = data.readAllBytes();
                downloads.incrementAndGet();
                if (!Arrays.equals(got, expected)) {
                    failures.add(id + ": wrong bytes");
                    failingSince.putIfAbsent(id, start);
                    return;
                }
                Long since = failingSince.remove(id);
                if (since != null) {
                    longestOutageNanos.accumulateAndGet(System.nanoTime() - since, Math::max);
                }
            } catch (IOException | RuntimeException ex) {
                downloads.incrementAndGet();
                failures.add(id + ": " + ex);
                failingSince.putIfAbsent(id, start);
            }
        }

        long rounds() {
            return completedRounds.get();
        }

        void awaitRounds(long n) throws InterruptedException {
            while (completedRounds.get() < n && !stop.get()) {
                Thread.sleep(20);
            }
        }

        void stop() {
            stop.set(true);
        }

        long longestOutageMillis() {
            long now = System.nanoTime();
            long open = failingSince.values().stream().mapToLong(s -> now - s).max().orElse(0);
            return TimeUnit.NANOSECONDS.toMillis(Math.max(open, longestOutageNanos.get()));
        }
    }
}
