package io.glancestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The image cache through the packaged jar: many processes on one cache folder at once, and a
 * cache folder tampered with between runs, which is never served.
 */
class CliCacheJarTest {

    @TempDir
    Path dir;

    JarRunner cli;
    Path cacheDir;

    @BeforeEach
    void setUp() {
        cli = new JarRunner(dir);
        cacheDir = dir.resolve("glance-store-data/image-cache");
    }

    private byte[] image(int seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private String put(String id, byte[] bytes) throws Exception {
        Path file = dir.resolve(id + ".img");
        Files.write(file, bytes);
        return CliJarTest.JSON.readTree(ok(cli.run("put", file.toString(), "--id", id, "--json"))).get("location")
                .asText();
    }

    private static String ok(JarRunner.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out();
    }

    private JsonNode json(String... args) throws Exception {
        return CliJarTest.JSON.readTree(ok(cli.run(args)));
    }

    private byte[] get(String location) throws Exception {
        Path out = Files.createTempFile(dir, "get", ".img");
        ok(cli.run("get", location, "-o", out.toString(), "--json"));
        byte[] got = Files.readAllBytes(out);
        Files.delete(out);
        return got;
    }

    @Test
    void readsAndMaintenanceOfManyProcessesShareOneFolder() throws Exception {
        List<String> locations = new ArrayList<>();
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            images.add(image(i, 300_000 + i * 1000));
            locations.add(put("img-" + i, images.get(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JarRunner.Result>> runs = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < 6; i++) {
                    String location = locations.get((i + p) % 6);
                    Path out = dir.resolve("out-" + p + "-" + i);
                    runs.add(pool.submit(() -> cli.run("get", location, "-o", out.toString())));
                }
            }
            for (String[] maintenance : new String[][] {{"cache", "ls"}, {"cache", "prune"}, {"cache", "clean"},
                {"cache", "stats"}, {"cache", "verify"}, {"stat", locations.get(0)}, {"cache", "queue"}}) {
                runs.add(pool.submit(() -> cli.run(maintenance)));
            }
            for (Future<JarRunner.Result> r : runs) {
                ok(r.get(5, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < 6; i++) {
                assertThat(Files.readAllBytes(dir.resolve("out-" + p + "-" + i))).isEqualTo(images.get((i + p) % 6));
            }
        }
        JsonNode stats = json("cache", "stats", "--json");
        assertThat(stats.get("cached_images").asInt()).isEqualTo(6);
        assertThat(stats.get("hits").asLong() + stats.get("pass_throughs").asLong()).as("counters of every process")
                .isGreaterThanOrEqualTo(12);
        assertThat(stats.get("fills_in_progress").asInt()).isZero();
        JsonNode ls = json("cache", "ls", "--json");
        long hits = 0;
        for (JsonNode row : ls) {
            hits += row.get("hits").asLong();
        }
        assertThat(hits).isEqualTo(stats.get("hits").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overwritten", "symlink", "truncated", "bit flipped", "foreign file"})
    void aTamperedCacheIsNeverServed(String tamper) throws Exception {
        byte[] bytes = image(7, 1_000_003);
        byte[] other = image(8, bytes.length);
        String location = put("img-t", bytes);
        Path cached = cacheDir.resolve("img-t");
        if (tamper.equals("foreign file")) {
            json("cache", "stats", "--json"); // creates the folder
            Files.write(cached, other);
        } else {
            assertThat(get(location)).isEqualTo(bytes);
            assertThat(cached).isRegularFile();
            switch (tamper) {
                case "overwritten" -> Files.write(cached, other);
                case "symlink" -> {
                    Path shorter = Files.write(dir.resolve("short"), new byte[] {1, 2, 3});
                    Files.delete(cached);
                    Files.createSymbolicLink(cached, shorter);
                }
                case "truncated" -> {
                    try (RandomAccessFile f = new RandomAccessFile(cached.toFile(), "rw")) {
                        f.setLength(bytes.length / 2);
                    }
                }
                default -> {
                    try (RandomAccessFile f = new RandomAccessFile(cached.toFile(), "rw")) {
                        f.seek(bytes.length / 2);
                        int b = f.read();
                        f.seek(bytes.length / 2);
                        f.write(b ^ 0x10);
                    }
                }
            }
        }

        JsonNode got = json("get", location, "-o", dir.resolve("out.img").toString(), "--json");
        assertThat(Files.readAllBytes(dir.resolve("out.img"))).isEqualTo(bytes);
        assertThat(got.get("cache").asText()).isIn("miss", "hit");
        assertThat(Files.exists(cacheDir.resolve("invalid").resolve("img-t"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .as("quarantined").isTrue();
        assertThat(get(location)).as("a hit of the cache's own copy").isEqualTo(bytes);
        assertThat(json("cache", "verify", "--json").get("quarantined").asInt()).isZero();
    }

    @Test
    void verifyQuarantinesACopyWhoseBytesRotted() throws Exception {
        byte[] bytes = image(9, 500_000);
        String location = put("img-v", bytes);
        assertThat(get(location)).isEqualTo(bytes);
        Path cached = cacheDir.resolve("img-v");
        // A byte flipped: the scrub reads every copy and finds it before any read does.
        try (RandomAccessFile f = new RandomAccessFile(cached.toFile(), "rw")) {
            f.seek(10);
            int b = f.read();
            f.seek(10);
            f.write(b ^ 1);
        }
        JarRunner.Result r = cli.run("cache", "verify", "--json");
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        JsonNode j = CliJarTest.JSON.readTree(r.out());
        assertThat(j.get("checked").asInt()).isEqualTo(1);
        assertThat(j.get("quarantined").asInt()).isEqualTo(1);
        assertThat(json("cache", "ls", "--json")).isEmpty();
        assertThat(get(location)).isEqualTo(bytes);
        JarRunner.Result help = cli.run("cache", "verify", "--help");
        assertThat(help.out()).startsWith("Usage: glance-store cache verify");
    }

}
