package io.glancestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Errors keep the store's own reason, bad arguments are usage errors (exit 2) found before any
 * byte is read, names cannot play tricks on a terminal, and {@code ls} and {@code stat} agree.
 */
class ErrorsAndListingJarTest extends JarTestSupport {

    @Test
    void locationsTheFileStoreRefusesSayWhy() throws Exception {
        put("img");
        JarRunner.Result dots = cli.run("stat", "file://" + datadir() + "/../images/img");
        assertThat(dots.exit()).as(dots.toString()).isEqualTo(2);
        assertThat(dots.err()).contains("'.' and '..' segments are not allowed").doesNotContain("no configured store");
        JarRunner.Result elsewhere = cli.run("--json", "rm", "file://" + dir + "/elsewhere/img");
        assertThat(elsewhere.exit()).as(elsewhere.toString()).isEqualTo(2);
        JsonNode error = JSON.readTree(elsewhere.out());
        assertThat(error.get("error").asText()).contains("is not in an image folder of this store");
        assertThat(error.get("kind").asText()).isEqualTo("invalid_location");
        assertThat(Files.exists(datadir().resolve("img"))).isTrue();
    }

    @Test
    void invalidIdsAreUsageErrorsAndShownEscaped() throws Exception {
        JarRunner.Result space = cli.run("put", image.toString(), "--id", "a b");
        assertThat(space.exit()).as(space.toString()).isEqualTo(2);
        assertThat(space.err()).contains("image id contains a character that is not allowed");
        // U+202E would show the rest of the line reversed; U+2028 would start a new one
        JarRunner.Result tricky = cli.run("--json", "put", image.toString(), "--id", "gpj.\u202eexe\u2028x");
        assertThat(tricky.exit()).as(tricky.toString()).isEqualTo(2);
        assertThat(tricky.err()).contains("gpj.\\u202eexe\\u2028x").doesNotContain("\u202e").doesNotContain("\u2028");
        assertThat(tricky.out()).doesNotContain("\u202e");
        assertThat(JSON.readTree(tricky.out()).get("kind").asText()).isEqualTo("invalid_image_id");
    }

    @Test
    void malformedHashesFailBeforeTheImageIsRead() throws Exception {
        String location = put("img");
        JarRunner.Result r = cli.run("get", location, "-o", dir.resolve("out").toString(), "--multihash", "sha512:ZZ");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--multihash must be 128 hexadecimal digits");
        JarRunner.Result algorithm = cli.run("get", location, "-o", dir.resolve("out").toString(),
                "--multihash", "sha999:00");
        assertThat(algorithm.exit()).as(algorithm.toString()).isEqualTo(2);
        JarRunner.Result md5 = cli.run("copy", location, "--to", "local", "--md5", "xyz");
        assertThat(md5.exit()).as(md5.toString()).isEqualTo(2);
        assertThat(dir.resolve("out")).doesNotExist();
        // and a cache miss was not started by a read that could not succeed
        assertThat(json(cli.run("cache", "ls", "--json"))).isEmpty();
    }

    @Test
    void lsAndStatAgreeAndLsSaysWhyAnEntryIsNoImage() throws Exception {
        put("good");
        Path folder = datadir();
        for (String name : new String[] {"a b", "caf\u00e9", "x;y", "\u202etxt.exe"}) {
            Files.write(folder.resolve(name), new byte[] {1, 2, 3}); // as Python glance_store would write them
        }
        Path target = Files.write(dir.resolve("outside"), new byte[12345]);
        Files.createSymbolicLink(folder.resolve("link"), target);
        Files.createDirectory(folder.resolve("sub"));

        JsonNode ls = json(cli.run("ls", "--json"));
        Map<String, JsonNode> rows = new HashMap<>();
        ls.forEach(r -> rows.put(r.get("id").asText(), r));
        assertThat(rows).containsOnlyKeys("good", "a b", "caf\u00e9", "x;y", "\u202etxt.exe", "link", "sub");
        JsonNode good = rows.get("good");
        assertThat(good.get("addressable").asBoolean()).isTrue();
        assertThat(good.get("size").asLong()).isEqualTo(bytes.length);
        assertThat(json(cli.run("stat", good.get("location").asText(), "--json")).get("size").asLong())
                .isEqualTo(bytes.length);
        for (String name : new String[] {"a b", "caf\u00e9", "x;y", "\u202etxt.exe", "link", "sub"}) {
            JsonNode row = rows.get(name);
            assertThat(row.get("addressable").asBoolean()).as(name).isFalse();
            assertThat(row.get("location").isNull()).as(name).isTrue();
            assertThat(row.get("size").isNull()).as(name + ": not its target's size").isTrue();
            assertThat(row.get("reason").asText()).as(name).isNotBlank();
            assertThat(cli.run("stat", "file://" + folder.resolve(name)).exit()).as("stat agrees on " + name)
                    .isNotZero();
        }
        assertThat(rows.get("link").get("reason").asText()).contains("not a regular file");
        assertThat(rows.get("a b").get("reason").asText()).contains("does not name an image");

        JarRunner.Result text = cli.run("ls");
        assertThat(text.out()).contains("\\u202etxt.exe").doesNotContain("\u202e");
    }

    @Test
    void statSaysWhetherAnImageIsCachedAsABoolean() throws Exception {
        String location = put("img");
        cli.run("get", location, "-o", dir.resolve("out").toString());
        JsonNode stat = json(cli.run("stat", location, "--json"));
        assertThat(stat.get("cached").isBoolean()).isTrue();
        assertThat(stat.get("cached").asBoolean()).isTrue();
        assertThat(stat.get("cache").asText()).isEqualTo("on");
    }

    @Test
    void usageErrorsFollowTheJsonSchemaToo() throws Exception {
        JarRunner.Result r = cli.run("--json", "put");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        JsonNode error = JSON.readTree(r.out());
        assertThat(error.get("kind").asText()).isEqualTo("usage");
        assertThat(error.get("exit_code").asInt()).isEqualTo(2);
        assertThat(error.get("error").asText()).contains("Missing required parameter");
        assertThat(r.err()).contains("Missing required parameter");
    }
}
