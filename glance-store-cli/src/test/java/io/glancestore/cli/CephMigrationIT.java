package io.glancestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glancestore.tck.ScriptedServer;
import java.io.IOException;
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
 * Copy and migrate from a file store to a real Ceph cluster (started with the project's
 * scripts/ceph/cluster.sh), through the packaged jar, including a migration killed half-way and
 * resumed; and {@code config check --connect} against the cluster.
 */
class CephMigrationIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static ScriptedServer cluster;
    static Map<String, String> env;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        // Its own small cluster: 2 GiB of OSD memory is plenty for these images.
        cluster = ScriptedServer.start("Ceph cluster", Path.of(System.getProperty("glancestore.ceph.script")),
                Path.of(System.getProperty("glancestore.ceph.dir")), "cluster.env",
                Map.of("CEPH_MEMSTORE_BYTES", Long.toString(2L << 30)), "CEPH_CONF", "CEPH_USER", "CEPH_KEYRING",
                "CEPH_POOL");
        env = cluster.env();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    Path conf() throws IOException {
        Path conf = dir.resolve("glance-api.conf");
        Files.writeString(conf, String.join("\n",
                "[DEFAULT]",
                "enabled_backends = local:file, ceph:rbd",
                "[glance_store]",
                "default_backend = local",
                "[local]",
                "filesystem_store_datadir = " + dir.resolve("images"),
                "[ceph]",
                "rbd_store_ceph_conf = " + env.get("CEPH_CONF"),
                "rbd_store_user = " + env.get("CEPH_USER"),
                "rbd_store_keyring = " + env.get("CEPH_KEYRING"),
                "rbd_store_pool = " + env.get("CEPH_POOL"),
                "rbd_store_chunk_size = 1",
                ""));
        return conf;
    }

    static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    byte[] image(int seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void configCheckConnectReallyContactsTheCluster() throws Exception {
        JarRunner cli = new JarRunner(dir);
        Path conf = conf();
        JarRunner.Result ok = cli.run("--json", "config", "check", conf.toString(), "--connect");
        assertThat(ok.exit()).as(ok.toString()).isZero();
        JsonNode ceph = JSON.readTree(ok.out()).get("backends").get(1);
        assertThat(ceph.get("connect").get("status").asText()).isEqualTo("ok");
        assertThat(ceph.get("connect").get("detail").asText()).startsWith("cluster ")
                .endsWith("pool " + env.get("CEPH_POOL"));
        assertThat(JSON.readTree(ok.out()).get("backends").get(0).get("connect").get("status").asText())
                .isEqualTo("ok");

        Files.writeString(conf, Files.readString(conf).replace("rbd_store_pool = " + env.get("CEPH_POOL"),
                "rbd_store_pool = no-such-pool"));
        JarRunner.Result noPool = cli.run("config", "check", conf.toString(), "--connect");
        assertThat(noPool.exit()).as(noPool.toString()).isEqualTo(5);
        assertThat(noPool.out()).contains("connect: backend ceph: failed: rbd_store_pool 'no-such-pool' does not exist");
        assertThat(noPool.err()).contains("'no-such-pool' does not exist");

        // a cluster that does not answer: a monitor address where nothing listens, a short timeout
        Files.writeString(conf, Files.readString(conf).replace("rbd_store_ceph_conf = " + env.get("CEPH_CONF"),
                "rbd_store_mon_host = 127.0.0.1:1\nrados_connect_timeout = 3"));
        JarRunner.Result down = cli.run("--json", "config", "check", conf.toString(), "--connect");
        assertThat(down.exit()).as(down.toString()).isEqualTo(1);
        JsonNode failed = JSON.readTree(down.out()).get("backends").get(1).get("connect");
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("kind").asText()).isEqualTo("unavailable");
    }

    @Test
    void copyFileToCephAndReadItBack() throws Exception {
        JarRunner cli = new JarRunner(dir);
        String conf = conf().toString();
        byte[] bytes = image(1, 3_000_000);
        Files.write(dir.resolve("a.img"), bytes);
        String id = "cp-" + System.nanoTime();
        JsonNode put = JSON.readTree(cli.run("-c", conf, "put", dir.resolve("a.img").toString(), "--id", id,
                "--json").out());
        String location = put.get("location").asText();
        JarRunner.Result copy = cli.run("-c", conf, "copy", location, "--to", "ceph", "--md5", md5(bytes),
                "--read-back", "--json");
        assertThat(copy.exit()).as(copy.toString()).isZero();
        String rbd = JSON.readTree(copy.out()).get("location").asText();
        assertThat(rbd).isEqualTo("rbd://" + env.get("CEPH_FSID") + "/" + env.get("CEPH_POOL") + "/" + id + "/snap");
        JarRunner.Result get = cli.run("-c", conf, "get", rbd, "-o", dir.resolve("back.img").toString(),
                "--md5", md5(bytes), "--json");
        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("back.img"))).isEqualTo(bytes);
        assertThat(dir.resolve("images/" + id)).exists(); // the source stays
        assertThat(cli.run("-c", conf, "rm", rbd).exit()).isZero();
    }

    @Test
    void aMigrationKilledHalfWayResumesAndVerifiesEveryImage() throws Exception {
        JarRunner cli = new JarRunner(dir);
        String conf = conf().toString();
        List<String> ids = new ArrayList<>();
        Map<String, String> md5s = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            byte[] bytes = image(100 + i, 24_000_000);
            String id = "mig-" + i + "-" + System.nanoTime();
            Path f = dir.resolve(id + ".src");
            Files.write(f, bytes);
            JarRunner.Result put = cli.run("-c", conf, "put", f.toString(), "--id", id);
            assertThat(put.exit()).as(put.toString()).isZero();
            Files.delete(f);
            ids.add(id);
            md5s.put(id, md5(bytes));
        }
        Path journal = dir.resolve("migration.journal");

        // first run: killed (SIGKILL) as soon as the first image is recorded as copied
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JarRunner.jar().toString(), "-c", conf, "migrate", "--from", "local", "--to", "ceph",
                "--delete-sources", "--journal", journal.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile());
        Process first = pb.start();
        while (first.isAlive() && copiedLines(journal) < 1) {
            Thread.onSpinWait();
            Thread.sleep(5);
        }
        first.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
        int copiedBeforeKill = copiedLines(journal);
        assertThat(copiedBeforeKill).as("the migration was interrupted before it finished:\n"
                + Files.readString(dir.resolve("first.log"))).isBetween(1, ids.size() - 1);
        // sources deleted before the kill (only ever after their copy was recorded) are no
        // longer listed, so the resumed run does not report them
        int goneAtKill = 0;
        for (String id : ids) {
            goneAtKill += Files.exists(dir.resolve("images/" + id)) ? 0 : 1;
        }
        assertThat(goneAtKill).isLessThanOrEqualTo(copiedBeforeKill);

        // second run: resumes
        JarRunner.Result resumed = cli.run("-c", conf, "migrate", "--from", "local", "--to", "ceph",
                "--delete-sources", "--journal", journal.toString(), "--json");
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        JsonNode rows = JSON.readTree(resumed.out());
        int already = 0;
        for (JsonNode r : rows) {
            assertThat(r.get("status").asText()).isIn("copied", "already_copied");
            assertThat(r.get("source_deleted").asBoolean()).isTrue();
            already += r.get("status").asText().equals("already_copied") ? 1 : 0;
        }
        assertThat(rows.size()).isEqualTo(ids.size() - goneAtKill);
        assertThat(already).isGreaterThanOrEqualTo(copiedBeforeKill - goneAtKill);
        // the images copied before the kill are not in the file store's listing any more
        // except those whose source deletion was cut off; every image is now in ceph, intact
        for (String id : ids) {
            String rbd = "rbd://" + env.get("CEPH_FSID") + "/" + env.get("CEPH_POOL") + "/" + id + "/snap";
            JarRunner.Result get = cli.run("-c", conf, "get", rbd, "-o", dir.resolve(id + ".back").toString(),
                    "--md5", md5s.get(id), "--json");
            assertThat(get.exit()).as(get.toString()).isZero();
            assertThat(dir.resolve("images/" + id)).doesNotExist();
            assertThat(cli.run("-c", conf, "rm", rbd).exit()).isZero();
        }
    }

    static int copiedLines(Path journal) throws IOException {
        if (!Files.exists(journal)) {
            return 0;
        }
        int n = 0;
        for (String l : Files.readString(journal, StandardCharsets.UTF_8).split("\n")) {
            n += l.startsWith("copied\t") ? 1 : 0;
        }
        return n;
    }
}
