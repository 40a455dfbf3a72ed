package io.glancestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glancestore.tck.ScriptedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar's {@code glance} commands against a throwaway glance-api (the project's
 * scripts/glance/glance-api.sh: file stores {@code local} and {@code other}, rbd store
 * {@code ceph}), configured as OpenStack users configure clients: {@code OS_*} variables, here
 * the trusted-headers identity this Glance takes, and the stores from Glance's own
 * glance-api.conf.
 */
class GlanceApiCliIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static ScriptedServer glance;

    @TempDir
    Path dir;

    @BeforeAll
    static void startGlance() {
        glance = ScriptedServer.startOrReuse("glance-api", "glancestore.glance", "GLANCE_STORE_GLANCE_ENV",
                "glance.env", "GLANCE_DIR", "GLANCE_URL", "GLANCE_STORE_LOCAL_DIR");
    }

    static Consumer<ProcessBuilder> openstackEnvironment() {
        return pb -> {
            pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
            pb.environment().putAll(Map.of("OS_AUTH_TYPE", "trusted-headers", "OS_ENDPOINT", glance.get("GLANCE_URL"),
                    "OS_PROJECT_ID", "0123456789abcdef0123456789abcdef", "OS_USER_ID",
                    "fedcba9876543210fedcba9876543210", "OS_ROLES", "member,reader"));
        };
    }

    JarRunner.Result cli(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-c", Path.of(glance.get("GLANCE_DIR"), "glance-api.conf").toString(),
                "--data-dir", dir.resolve("data").toString()));
        all.addAll(List.of(args));
        return new JarRunner(dir).run(openstackEnvironment(), all.toArray(String[]::new));
    }

    JsonNode json(String... args) throws Exception {
        JarRunner.Result r = cli(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return JSON.readTree(r.out());
    }

    static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void registerShowGetAndMigrateThroughTheJar() throws Exception {
        byte[] bytes = new byte[3_000_001];
        new Random(5).nextBytes(bytes);
        Path file = dir.resolve("disk.raw");
        Files.write(file, bytes);

        JsonNode registered = json("--json", "glance", "register", file.toString(), "--store", "ceph", "--name",
                "from-the-cli");
        String id = registered.get("id").asText();
        assertThat(registered.get("status").asText()).isEqualTo("active");
        assertThat(registered.get("checksum").asText()).isEqualTo(md5(bytes));
        assertThat(registered.get("locations").get(0).get("store").asText()).isEqualTo("ceph");

        JsonNode shown = json("--json", "glance", "show", id);
        assertThat(shown.get("os_hash_value").asText()).isEqualTo(registered.get("os_hash_value").asText());
        assertThat(shown.get("stores").asText()).isEqualTo("ceph");

        Path back = dir.resolve("back.raw");
        JsonNode got = json("--json", "glance", "get", id, "-o", back.toString(), "--no-fallback");
        assertThat(got.get("read_from").asText()).isEqualTo("ceph");
        assertThat(got.get("verified").asBoolean()).isTrue();
        assertThat(Files.readAllBytes(back)).isEqualTo(bytes);

        // rbd -> local: a file target, so Glance copies (copy-image) and deletes from ceph.
        JsonNode moved = json("--json", "glance", "migrate", "--from", "ceph", "--to", "local", "--delete-sources",
                id);
        assertThat(moved).singleElement().satisfies(o -> {
            assertThat(o.get("status").asText()).isIn("copied", "already_copied");
            assertThat(o.get("registered").asBoolean()).isTrue();
            assertThat(o.get("source_deleted").asBoolean()).isTrue();
        });
        JsonNode after = json("--json", "glance", "show", id);
        assertThat(after.get("stores").asText()).isEqualTo("local");
        assertThat(Path.of(glance.get("GLANCE_STORE_LOCAL_DIR"), id)).exists();
        JsonNode again = json("--json", "glance", "get", id, "-o", back.toString(), "--no-fallback");
        assertThat(again.get("read_from").asText()).isEqualTo("local");
        assertThat(Files.readAllBytes(back)).isEqualTo(bytes);
    }

    @Test
    void fileStoresAndUnknownImagesAreTypedErrors() throws Exception {
        Path file = dir.resolve("small.raw");
        Files.write(file, new byte[4096]);
        JarRunner.Result refused = cli("glance", "register", file.toString(), "--store", "local");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("file store").contains("copy-image");

        JarRunner.Result missing = cli("glance", "show", "00000000-0000-0000-0000-000000000000");
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(3);
    }

    @Test
    void withoutConfigurationItSaysWhatIsMissing() throws Exception {
        JarRunner.Result r = new JarRunner(dir).run(pb -> pb.environment().keySet().removeIf(k -> k.startsWith("OS_")),
                "glance", "show", "00000000-0000-0000-0000-000000000000");
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.err()).contains("auth_url");
    }
}
