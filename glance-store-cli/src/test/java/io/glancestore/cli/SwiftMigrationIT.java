package io.glancestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glancestore.tck.ScriptedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copy and migrate from a file store to a real OpenStack Swift (tempauth, started with the
 * project's scripts/swift/swift.sh), through the packaged jar, including a migration killed
 * half-way and resumed. What lands in Swift is checked over Swift's own HTTP API, not through the
 * CLI: objects, Dynamic Large Object manifests and segments, and md5/sha512 of the bytes served. And
 * {@code config check --connect} against the server.
 */
class SwiftMigrationIT {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Images at or above 2 Glance MB are segmented, in segments of 1 Glance MB (1,024,000 bytes). */
    static final int SEGMENT = 1_024_000;
    static final int LARGE_FROM = 2 * SEGMENT;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static ScriptedServer swift;
    static Map<String, String> env;
    static String token;
    static String storageUrl;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSwift() throws Exception {
        swift = ScriptedServer.start("Swift server", Path.of(System.getProperty("glancestore.swift.script")),
                Path.of(System.getProperty("glancestore.swift.dir")), "swift.env", Map.of(), "SWIFT_AUTH_URL",
                "SWIFT_AUTH_ADDRESS", "SWIFT_USER", "SWIFT_KEY", "SWIFT_MAX_FILE_SIZE");
        env = swift.env();
        // the segmented images below only fit if segments are used: a single PUT of them is refused
        assertThat(Long.parseLong(env.get("SWIFT_MAX_FILE_SIZE"))).isLessThan(6_000_000L);
        HttpResponse<Void> auth = HTTP.send(HttpRequest.newBuilder(URI.create(env.get("SWIFT_AUTH_URL")))
                .header("X-Auth-User", env.get("SWIFT_USER")).header("X-Auth-Key", env.get("SWIFT_KEY")).GET()
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(auth.statusCode()).as("tempauth").isBetween(200, 299);
        token = auth.headers().firstValue("X-Auth-Token").orElseThrow();
        storageUrl = auth.headers().firstValue("X-Storage-Url").orElseThrow();
    }

    @AfterAll
    static void stopSwift() {
        if (swift != null) {
            swift.stop();
        }
    }

    Path conf(String container) throws IOException {
        Path conf = dir.resolve("glance-api.conf");
        Files.writeString(conf, String.join("\n",
                "[DEFAULT]",
                "enabled_backends = local:file, objects:swift",
                "[glance_store]",
                "default_backend = local",
                "[local]",
                "filesystem_store_datadir = " + dir.resolve("images"),
                "[objects]",
                "swift_store_auth_address = " + env.get("SWIFT_AUTH_URL"),
                "swift_store_auth_version = 1",
                "swift_store_user = " + env.get("SWIFT_USER"),
                "swift_store_key = " + env.get("SWIFT_KEY"),
                "swift_store_container = " + container,
                "swift_store_create_container_on_put = True",
                "swift_store_large_object_size = 2",
                "swift_store_large_object_chunk_size = 1",
                ""));
        return conf;
    }

    static String container() {
        return "glance-it-" + System.nanoTime();
    }

    static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    static String sha512(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
    }

    byte[] image(int seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    // ---- Swift's own API, independent of the CLI

    static HttpResponse<byte[]> swift(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(storageUrl + path)).header("X-Auth-Token", token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static List<String> objects(String container) throws Exception {
        HttpResponse<byte[]> r = swift("GET", "/" + container);
        List<String> names = new ArrayList<>();
        if (r.statusCode() == 200) {
            for (String line : new String(r.body(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    names.add(line);
                }
            }
        }
        return names;
    }

    /** Checks that Swift serves exactly {@code bytes} as image {@code id}, laid out as Glance lays it out. */
    static void assertInSwift(String container, String id, byte[] bytes) throws Exception {
        HttpResponse<byte[]> get = swift("GET", "/" + container + "/" + id);
        assertThat(get.statusCode()).as("GET " + container + "/" + id).isEqualTo(200);
        assertThat(get.body().length).as("size of " + id).isEqualTo(bytes.length);
        assertThat(md5(get.body())).as("md5 of " + id).isEqualTo(md5(bytes));
        assertThat(sha512(get.body())).as("sha512 of " + id).isEqualTo(sha512(bytes));
        HttpResponse<byte[]> head = swift("HEAD", "/" + container + "/" + id);
        List<String> segments = objects(container).stream().filter(n -> n.startsWith(id + "-")).toList();
        if (bytes.length >= LARGE_FROM) {
            assertThat(head.headers().firstValue("X-Object-Manifest")).as("DLO manifest of " + id)
                    .hasValue(container + "/" + id + "-");
            int expected = (bytes.length + SEGMENT - 1) / SEGMENT;
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= expected; i++) {
                names.add(String.format("%s-%05d", id, i));
            }
            assertThat(segments).as("segments of " + id).containsExactlyInAnyOrderElementsOf(names);
        } else {
            assertThat(head.headers().firstValue("X-Object-Manifest")).as("manifest of " + id).isEmpty();
            assertThat(head.headers().firstValue("ETag")).as("ETag of " + id).hasValue(md5(bytes));
            assertThat(segments).as("segments of " + id).isEmpty();
        }
    }

    static void removeContainer(String container) throws Exception {
        for (String name : objects(container)) {
            swift("DELETE", "/" + container + "/" + name);
        }
        swift("DELETE", "/" + container);
    }

    String location(String container, String id) {
        return "swift+http://" + env.get("SWIFT_USER") + ":" + env.get("SWIFT_KEY") + "@"
                + env.get("SWIFT_AUTH_ADDRESS") + "/" + container + "/" + id;
    }

    @Test
    void configCheckConnectAuthenticatesAndFindsTheContainer() throws Exception {
        JarRunner cli = new JarRunner(dir);
        Path conf = conf(container());
        JarRunner.Result created = cli.run("--json", "config", "check", conf.toString(), "--connect");
        assertThat(created.exit()).as(created.toString()).isZero();
        JsonNode objects = JSON.readTree(created.out()).get("backends").get(1).get("connect");
        assertThat(objects.get("status").asText()).isEqualTo("ok");
        assertThat(objects.get("detail").asText()).contains(storageUrl).contains("created on the first add");

        Files.writeString(conf, Files.readString(conf).replace("swift_store_create_container_on_put = True",
                "swift_store_create_container_on_put = False"));
        JarRunner.Result missing = cli.run("config", "check", conf.toString(), "--connect");
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(5);
        assertThat(missing.err()).contains("does not exist").contains("swift_store_create_container_on_put");

        Files.writeString(conf, Files.readString(conf).replace("swift_store_key = " + env.get("SWIFT_KEY"),
                "swift_store_key = wrong-key"));
        JarRunner.Result refused = cli.run("--json", "config", "check", conf.toString(), "--connect");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(JSON.readTree(refused.out()).get("backends").get(1).get("connect").get("kind").asText())
                .isEqualTo("authorization_failed");
        assertThat(refused.out() + refused.err()).doesNotContain("wrong-key");
    }

    @Test
    void copyFileToSwiftAndReadItBack() throws Exception {
        JarRunner cli = new JarRunner(dir);
        String container = container();
        String conf = conf(container).toString();
        assertThat(swift("HEAD", "/" + container).statusCode()).as("container before the copy").isEqualTo(404);
        try {
            // one image below the large object size (one object), one above the server's max object size
            for (int size : new int[] {1_500_000, 5_500_000}) {
                byte[] bytes = image(size, size);
                Path src = dir.resolve("a-" + size + ".img");
                Files.write(src, bytes);
                String id = "cp-" + size + "-" + System.nanoTime();
                JsonNode put = JSON.readTree(cli.run("-c", conf, "put", src.toString(), "--id", id, "--json").out());
                String fileLocation = put.get("location").asText();
                JarRunner.Result copy = cli.run("-c", conf, "copy", fileLocation, "--to", "objects", "--md5",
                        md5(bytes), "--read-back", "--json");
                assertThat(copy.exit()).as(copy.toString()).isZero();
                String swiftLocation = JSON.readTree(copy.out()).get("location").asText();
                // printed with the key masked; the user's ':' is percent-encoded
                assertThat(swiftLocation).startsWith("swift+http://")
                        .endsWith("@" + env.get("SWIFT_AUTH_ADDRESS") + "/" + container + "/" + id)
                        .doesNotContain(":" + env.get("SWIFT_KEY") + "@");
                assertThat(copy.out() + copy.err()).as("the key is never printed")
                        .doesNotContain(":" + env.get("SWIFT_KEY") + "@");
                swiftLocation = location(container, id);
                assertInSwift(container, id, bytes);

                JarRunner.Result get = cli.run("-c", conf, "get", swiftLocation, "-o",
                        dir.resolve(id + ".back").toString(), "--md5", md5(bytes), "--json");
                assertThat(get.exit()).as(get.toString()).isZero();
                assertThat(Files.readAllBytes(dir.resolve(id + ".back"))).isEqualTo(bytes);
                assertThat(dir.resolve("images/" + id)).exists(); // copy leaves the source
                assertThat(Files.readAllBytes(dir.resolve("images/" + id))).isEqualTo(bytes);

                JarRunner.Result rm = cli.run("-c", conf, "rm", swiftLocation);
                assertThat(rm.exit()).as(rm.toString()).isZero();
                assertThat(swift("HEAD", "/" + container + "/" + id).statusCode()).isEqualTo(404);
                assertThat(objects(container)).as("rm removes the manifest and every segment")
                        .noneMatch(n -> n.startsWith(id));
            }
        } finally {
            removeContainer(container);
        }
    }

    @Test
    void aMigrationKilledHalfWayResumesAndVerifiesEveryImage() throws Exception {
        JarRunner cli = new JarRunner(dir);
        String container = container();
        String conf = conf(container).toString();
        try {
            List<String> ids = new ArrayList<>();
            Map<String, byte[]> images = new LinkedHashMap<>();
            for (int i = 0; i < 8; i++) {
                // mostly segmented images (4.6 MB: five segments), and some plain objects
                byte[] bytes = image(100 + i, i % 3 == 2 ? 900_000 + i : 4_600_000 + i);
                String id = "mig-" + i + "-" + System.nanoTime();
                Path f = dir.resolve(id + ".src");
                Files.write(f, bytes);
                JarRunner.Result put = cli.run("-c", conf, "put", f.toString(), "--id", id);
                assertThat(put.exit()).as(put.toString()).isZero();
                Files.delete(f);
                ids.add(id);
                images.put(id, bytes);
            }
            Path journal = dir.resolve("migration.journal");

            // first run: killed (SIGKILL) as soon as the first image is recorded as copied
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JarRunner.jar().toString(), "-c", conf, "migrate", "--from", "local", "--to", "objects",
                    "--delete-sources", "--journal", journal.toString())
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile());
            pb.environment().remove("GLANCE_STORE_DATA");
            Process first = pb.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (first.isAlive() && copiedLines(journal) < 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.sleep(5);
            }
            boolean aliveAtKill = first.isAlive();
            first.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
            int copiedBeforeKill = copiedLines(journal);
            String firstLog = Files.readString(dir.resolve("first.log"));
            assertThat(aliveAtKill).as("the first run was still running when killed:\n" + firstLog).isTrue();
            assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            assertThat(copiedBeforeKill).as("the migration was interrupted before it finished:\n" + firstLog)
                    .isBetween(1, ids.size() - 1);

            // at the kill: a source is gone only if its image was recorded as copied and is intact in Swift;
            // the images not recorded as copied still have their source
            List<String> copied = copiedSources(journal);
            int goneAtKill = 0;
            for (String id : ids) {
                boolean recorded = copied.stream().anyMatch(l -> l.endsWith("/" + id));
                if (!Files.exists(dir.resolve("images/" + id))) {
                    goneAtKill++;
                    assertThat(recorded).as(id + " deleted but not recorded as copied").isTrue();
                    assertInSwift(container, id, images.get(id));
                } else if (!recorded) {
                    assertThat(Files.readAllBytes(dir.resolve("images/" + id))).isEqualTo(images.get(id));
                }
            }
            assertThat(goneAtKill).isLessThan(ids.size());

            // second run: resumes
            JarRunner.Result resumed = cli.run("-c", conf, "migrate", "--from", "local", "--to", "objects",
                    "--delete-sources", "--journal", journal.toString(), "--json");
            assertThat(resumed.exit()).as(resumed.toString()).isZero();
            JsonNode rows = JSON.readTree(resumed.out());
            int already = 0;
            List<String> reported = new ArrayList<>();
            for (JsonNode r : rows) {
                assertThat(r.get("status").asText()).as(r.toString()).isIn("copied", "already_copied");
                assertThat(r.get("source_deleted").asBoolean()).as(r.toString()).isTrue();
                assertThat(r.get("target").asText()).as("masked").doesNotContain(":" + env.get("SWIFT_KEY") + "@");
                already += r.get("status").asText().equals("already_copied") ? 1 : 0;
                reported.add(r.get("id").asText());
            }
            // the images whose source was deleted before the kill are no longer listed
            assertThat(reported).hasSize(ids.size() - goneAtKill);
            assertThat(already).isGreaterThanOrEqualTo(copiedBeforeKill - goneAtKill);
            assertThat(copiedLines(journal)).isEqualTo(ids.size());

            // every image is now in Swift, intact, and its source gone
            for (String id : ids) {
                assertInSwift(container, id, images.get(id));
                assertThat(dir.resolve("images/" + id)).doesNotExist();
            }
            // nothing else in the container: no stray or duplicate segments from the killed run
            int expectedObjects = 0;
            for (byte[] b : images.values()) {
                expectedObjects += 1 + (b.length >= LARGE_FROM ? (b.length + SEGMENT - 1) / SEGMENT : 0);
            }
            assertThat(objects(container)).hasSize(expectedObjects);

            // and the CLI reads them back too
            for (String id : List.of(ids.get(0), ids.get(ids.size() - 1))) {
                JarRunner.Result get = cli.run("-c", conf, "get", location(container, id), "-o",
                        dir.resolve(id + ".back").toString(), "--md5", md5(images.get(id)), "--json");
                assertThat(get.exit()).as(get.toString()).isZero();
                assertThat(Files.readAllBytes(dir.resolve(id + ".back"))).isEqualTo(images.get(id));
            }
        } finally {
            removeContainer(container);
        }
    }

    static int copiedLines(Path journal) throws IOException {
        return copiedSources(journal).size();
    }

    /** Source locations of the journal's complete "copied" records. */
    static List<String> copiedSources(Path journal) throws IOException {
        List<String> sources = new ArrayList<>();
        if (!Files.exists(journal)) {
            return sources;
        }
        String text = Files.readString(journal, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) { // the last piece is empty or a torn append
            if (lines[i].startsWith("copied\t")) {
                sources.add(lines[i].split("\t")[1]);
            }
        }
        return sources;
    }
}
