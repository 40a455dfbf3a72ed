package io.glancestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What the packaged-jar tests share: a work folder, a 2 MB image and JSON helpers. */
abstract class JarTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    JarRunner cli;
    Path image;
    byte[] bytes;

    @BeforeEach
    void setUpImage() throws IOException {
        cli = new JarRunner(dir);
        bytes = new byte[2_000_000];
        new Random(42).nextBytes(bytes);
        image = dir.resolve("cirros.img");
        Files.write(image, bytes);
    }

    static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode json(JarRunner.Result r) throws IOException {
        assertThat(r.exit()).as(r.toString()).isZero();
        return JSON.readTree(r.out());
    }

    /** Stores the image in the default local store and returns its location. */
    String put(String id) throws Exception {
        return json(cli.run("put", image.toString(), "--id", id, "--json")).get("location").asText();
    }

    /** The folder of the default local store's images. */
    Path datadir() {
        return dir.resolve("glance-store-data/images");
    }

    /** The names in a folder that a program could have left behind (hidden files). */
    static long hiddenFiles(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")).count();
        }
    }
}
