package io.glancestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** End to end: the packaged jar against file stores and the cache in a temporary folder. */
class CliJarTest extends JarTestSupport {

    @Test
    void demoShowsPutGetChecksumMatchAndACacheHit() throws Exception {
        JarRunner.Result r = cli.run("demo", image.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("put   " + image).contains("cache miss").contains("cache hit")
                .contains("checksums match").contains(hex("MD5", bytes));
        assertThat(dir.resolve("glance-store-data/images")).isDirectory();
        assertThat(dir.resolve("glance-store-data/image-cache")).isDirectory();
        assertThat(r.err()).isEmpty(); // not a terminal: no progress bar, no log noise
    }

    @Test
    void putStatGetLsRm() throws Exception {
        JsonNode put = json(cli.run("put", image.toString(), "--id", "img-1", "--json"));
        String location = put.get("location").asText();
        assertThat(location).isEqualTo("file://" + dir.resolve("glance-store-data/images/img-1"));
        assertThat(put.get("size").asLong()).isEqualTo(bytes.length);
        assertThat(put.get("checksum").asText()).isEqualTo(hex("MD5", bytes));
        assertThat(put.get("os_hash_value").asText()).isEqualTo(hex("SHA-512", bytes));

        JsonNode stat = json(cli.run("--json", "stat", location));
        assertThat(stat.get("size").asLong()).isEqualTo(bytes.length);
        assertThat(stat.get("store").asText()).isEqualTo("local");
        assertThat(stat.get("cached").isBoolean()).isTrue();
        assertThat(stat.get("cached").asBoolean()).isFalse();
        assertThat(stat.get("cache").asText()).isEqualTo("on");

        Path out = dir.resolve("copy.img");
        JsonNode get = json(cli.run("get", location, "-o", out.toString(), "--md5", hex("MD5", bytes),
                "--multihash", "sha512:" + hex("SHA-512", bytes), "--json"));
        assertThat(Files.readAllBytes(out)).isEqualTo(bytes);
        assertThat(get.get("cache").asText()).isEqualTo("miss");
        assertThat(get.get("verified").asBoolean()).isTrue();
        assertThat(json(cli.run("get", location, "-o", out.toString(), "--json")).get("cache").asText())
                .isEqualTo("hit");
        assertThat(json(cli.run("stat", location, "--json")).get("cache_hits").asLong()).isEqualTo(1);

        // stdout is not a terminal: the image can go there
        JarRunner.Result toStdout = cli.run("get", location, "--no-cache");
        assertThat(toStdout.exit()).isZero();
        assertThat(toStdout.rawOut().length).isEqualTo(bytes.length);
        assertThat(java.util.Arrays.equals(toStdout.rawOut(), bytes)).as("image bytes on stdout").isTrue();
        JarRunner.Result jsonToStdout = cli.run("get", location, "--no-cache", "--json");
        assertThat(java.util.Arrays.equals(jsonToStdout.rawOut(), bytes)).as("image bytes on stdout").isTrue();
        assertThat(JSON.readTree(jsonToStdout.err()).get("checksum").asText()).isEqualTo(hex("MD5", bytes));

        JsonNode ls = json(cli.run("ls", "--json"));
        assertThat(ls).hasSize(1);
        assertThat(ls.get(0).get("id").asText()).isEqualTo("img-1");

        json(cli.run("rm", location, "--json"));
        assertThat(json(cli.run("ls", "--json"))).isEmpty();
        assertThat(json(cli.run("cache", "ls", "--json"))).isEmpty();
    }

    @Test
    void exitCodesMeanSomething() throws Exception {
        String location = json(cli.run("put", image.toString(), "--id", "img-1", "--json")).get("location").asText();
        JarRunner.Result dup = cli.run("put", image.toString(), "--id", "img-1");
        assertThat(dup.exit()).as(dup.toString()).isEqualTo(6);
        assertThat(dup.err()).contains("img-1");

        JarRunner.Result missing = cli.run("stat", location.replace("img-1", "img-2"));
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(3);

        JarRunner.Result mismatch = cli.run("get", location, "-o", dir.resolve("x").toString(), "--no-cache",
                "--md5", "0123456789abcdef0123456789abcdef");
        assertThat(mismatch.exit()).as(mismatch.toString()).isEqualTo(4);
        assertThat(dir.resolve("x")).doesNotExist();

        JarRunner.Result usage = cli.run("put");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required parameter");

        JarRunner.Result json = cli.run("--json", "stat", location.replace("img-1", "img-3"));
        assertThat(json.exit()).isEqualTo(3);
        JsonNode error = JSON.readTree(json.out());
        assertThat(error.get("exit_code").asInt()).isEqualTo(3);
        assertThat(error.get("kind").asText()).isEqualTo("not_found");
        assertThat(error.get("error").asText()).contains("img-3");
        assertThat(error.has("exitCode")).isFalse();
        assertThat(error.has("type")).as("no Java class names").isFalse();

        JarRunner.Result noFile = cli.run("put", dir.resolve("nope.img").toString());
        assertThat(noFile.exit()).isEqualTo(3);
    }

    @Test
    void cacheCommands() throws Exception {
        String a = json(cli.run("put", image.toString(), "--id", "a", "--json")).get("location").asText();
        String b = json(cli.run("put", image.toString(), "--id", "b", "--json")).get("location").asText();
        JsonNode queued = json(cli.run("cache", "queue", a, b, "--json"));
        assertThat(queued).hasSize(2);
        assertThat(json(cli.run("cache", "prefetch", "--json")).get("prefetched").asInt()).isEqualTo(2);
        assertThat(json(cli.run("cache", "queue", "--json"))).isEmpty();
        JsonNode ls = json(cli.run("cache", "ls", "--json"));
        assertThat(ls).hasSize(2);
        JsonNode stats = json(cli.run("cache", "stats", "--json"));
        assertThat(stats.get("cached_images").asInt()).isEqualTo(2);
        assertThat(stats.get("cached_bytes").asLong()).isEqualTo(2L * bytes.length);
        assertThat(json(cli.run("cache", "prune", "--json")).get("files_removed").asInt()).isZero();
        assertThat(json(cli.run("cache", "clean", "--json")).get("files_removed").asInt()).isZero();
        assertThat(json(cli.run("cache", "rm", "a", "--json")).get("removed").asInt()).isEqualTo(1);
        assertThat(cli.run("cache", "rm", "a").exit()).isEqualTo(3);
        assertThat(json(cli.run("cache", "rm", "--all", "--json")).get("removed").asInt()).isEqualTo(1);
        assertThat(json(cli.run("cache", "stats", "--json")).get("cached_images").asInt()).isZero();
    }

    Path twoStoreConf() throws IOException {
        Path conf = dir.resolve("glance-api.conf");
        Files.writeString(conf, String.join("\n",
                "[DEFAULT]",
                "enabled_backends = fast:file, slow:file",
                "image_cache_dir = " + dir.resolve("cache"),
                "[glance_store]",
                "default_backend = fast",
                "[fast]",
                "filesystem_store_datadir = " + dir.resolve("fast"),
                "[slow]",
                "filesystem_store_datadir = " + dir.resolve("slow"),
                ""));
        return conf;
    }

    @Test
    void copyBetweenBackendsOfAConfigFile() throws Exception {
        String conf = twoStoreConf().toString();
        String location = json(cli.run("-c", conf, "put", image.toString(), "--id", "img-1", "--json"))
                .get("location").asText();
        JsonNode copy = json(cli.run("-c", conf, "copy", location, "--to", "slow", "--md5", hex("MD5", bytes),
                "--read-back", "--json"));
        assertThat(copy.get("location").asText()).isEqualTo("file://" + dir.resolve("slow/img-1"));
        assertThat(copy.get("source_store").asText()).isEqualTo("fast");
        assertThat(Files.readAllBytes(dir.resolve("slow/img-1"))).isEqualTo(bytes);
        assertThat(dir.resolve("fast/img-1")).exists();
        JarRunner.Result again = cli.run("-c", conf, "copy", location, "--to", "slow");
        assertThat(again.exit()).as(again.toString()).isEqualTo(6);
        JarRunner.Result wrong = cli.run("-c", conf, "copy", location.replace("img-1", "img-9"), "--to", "slow");
        assertThat(wrong.exit()).isEqualTo(3);
    }

    @Test
    void migrateIsResumableAndDeletesSourcesOnlyAfterVerification() throws Exception {
        String conf = twoStoreConf().toString();
        for (String id : new String[] {"a", "b", "c"}) {
            json(cli.run("-c", conf, "put", image.toString(), "--id", id, "--json"));
        }
        // b is already in the target: it cannot be copied there, so it fails and its source stays
        Files.createDirectories(dir.resolve("slow"));
        Files.write(dir.resolve("slow/b"), new byte[] {1});
        JarRunner.Result first = cli.run("-c", conf, "migrate", "--from", "fast", "--to", "slow",
                "--delete-sources", "--json");
        assertThat(first.exit()).as(first.toString()).isEqualTo(7);
        JsonNode rows = JSON.readTree(first.out());
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("status").asText()).isEqualTo("copied");
        assertThat(rows.get(0).get("source_deleted").asBoolean()).isTrue();
        assertThat(rows.get(1).get("status").asText()).isEqualTo("failed");
        assertThat(rows.get(1).get("message").asText()).contains("Duplicate");
        assertThat(rows.get(1).get("source_deleted").asBoolean()).isFalse();
        assertThat(dir.resolve("fast/a")).doesNotExist();
        assertThat(dir.resolve("fast/b")).exists();

        Files.delete(dir.resolve("slow/b"));
        JarRunner.Result resumed = cli.run("-c", conf, "migrate", "--from", "fast", "--to", "slow",
                "--delete-sources", "file://" + dir.resolve("fast/a"), "file://" + dir.resolve("fast/b"));
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("1 copied, 1 already copied, 0 failed");
        for (String id : new String[] {"a", "b", "c"}) {
            assertThat(Files.readAllBytes(dir.resolve("slow/" + id))).isEqualTo(bytes);
            assertThat(dir.resolve("fast/" + id)).doesNotExist();
        }
    }

    @Test
    void configCheckShowsWhatItWouldBuildWithoutSecrets() throws Exception {
        Path conf = dir.resolve("glance-api.conf");
        Files.writeString(conf, String.join("\n",
                "[DEFAULT]",
                "enabled_backends = local:file, objects:swift, ceph:rbd",
                "[glance_store]",
                "default_backend = local",
                "[local]",
                "filesystem_store_datadir = " + dir.resolve("images"),
                "[objects]",
                "swift_store_auth_address = http://keystone:5000/v3",
                "swift_store_user = service:glance",
                "swift_store_key = s3cr3t-key",
                "swift_store_contaner = glance",
                "[ceph]",
                "rbd_store_pool = images",
                ""));
        JarRunner.Result r = cli.run("config", "check", conf.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("backend local (file)", "backend objects (swift)", "backend ceph (rbd)",
                "swift_store_key = ***", "rbd_store_pool = images", conf + ":11:", "swift_store_contaner", "valid")
                .doesNotContain("s3cr3t-key");
        assertThat(r.err()).doesNotContain("s3cr3t-key");
        JarRunner.Result json = cli.run("config", "check", conf.toString(), "--json");
        JsonNode j = JSON.readTree(json.out());
        assertThat(j.get("valid").asBoolean()).isTrue();
        assertThat(j.get("backends").get(2).get("driver").asText()).isEqualTo("available");
        assertThat(json.out()).doesNotContain("s3cr3t-key");

        JarRunner.Result strict = cli.run("--strict", "config", "check", conf.toString());
        assertThat(strict.exit()).isEqualTo(5);
        assertThat(strict.err()).contains(conf + ":11: ").contains("swift_store_contaner").doesNotContain("s3cr3t");

        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "[DEFAULT]\nenabled_backends = local:file\n[glance_store]\ndefault_backend = local\n"
                + "[local]\nfilesystem_store_chunk_size = big\n");
        JarRunner.Result badRun = cli.run("config", "check", bad.toString());
        assertThat(badRun.exit()).isEqualTo(5);
        assertThat(badRun.err()).contains(bad + ":6: option 'filesystem_store_chunk_size' must be an integer");
    }

    @Test
    void configCheckRendersKollaGlobals() throws Exception {
        Path globals = dir.resolve("globals.yml");
        Files.writeString(globals, "glance_backend_ceph: \"yes\"\nglance_backend_file: \"yes\"\n"
                + "glance_file_datadir_volume: \"" + dir.resolve("glance") + "\"\nenable_glance_image_cache: \"yes\"\n");
        JarRunner.Result r = cli.run("config", "check", globals.toString());
        // Kolla's rbd backend reads /etc/ceph/ceph.conf, which the driver needs to exist
        if (Files.isReadable(Path.of("/etc/ceph/ceph.conf"))) {
            assertThat(r.exit()).as(r.toString()).isZero();
        } else {
            assertThat(r.exit()).as(r.toString()).isEqualTo(5);
            assertThat(r.err()).contains(globals + ": backend 'rbd': option 'rbd_store_ceph_conf' must name a readable file"
                    + " (the Kolla default)");
        }
        assertThat(r.out()).contains("default backend: rbd", "backend file (file)", "backend rbd (rbd)",
                "filesystem_store_datadir = " + dir.resolve("glance") + "/images/",
                "image cache: " + dir.resolve("glance") + "/image-cache");
        // and it runs commands with it
        JsonNode put = json(cli.run("-c", globals.toString(), "put", image.toString(), "--store", "file",
                "--id", "k", "--json"));
        assertThat(put.get("location").asText()).isEqualTo("file://" + dir.resolve("glance/images/k"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "put", "get", "rm", "stat", "ls", "copy", "migrate", "cache", "cache ls",
        "cache queue", "cache prefetch", "cache rm", "cache prune", "cache clean", "cache stats", "config",
        "config check", "demo"})
    void everyCommandHasHelp(String command) throws Exception {
        String[] words = command.isEmpty() ? new String[0] : command.split(" ");
        String[] args = java.util.Arrays.copyOf(words, words.length + 1);
        args[words.length] = "--help";
        JarRunner.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Usage: glance-store" + (command.isEmpty() ? "" : " " + command));
    }
}
