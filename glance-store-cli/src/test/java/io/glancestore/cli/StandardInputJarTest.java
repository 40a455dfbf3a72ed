package io.glancestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code put -} reads standard input only when it is a pipe, a regular file or a terminal;
 * anything else fails before a store is touched, and nothing is published.
 */
class StandardInputJarTest extends JarTestSupport {

    @Test
    void aClosedStandardInputPublishesNothing() throws Exception {
        JarRunner.Result r = cli.runWithClosedStdin("put", "-", "--id", "from-closed-stdin");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("glance-store: standard input is closed: there is nothing to read");
        assertThat(datadir().resolve("from-closed-stdin")).doesNotExist();
        assertThat(json(cli.run("ls", "--json"))).isEmpty();
    }

    @Test
    void aDirectoryOrADeviceIsNoImage() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        JarRunner.Result fromFolder = cli.runThroughShell("< '" + folder + "'", "put", "-", "--id", "a");
        assertThat(fromFolder.exit()).as(fromFolder.toString()).isEqualTo(2);
        assertThat(fromFolder.err()).contains("standard input is a directory");
        JarRunner.Result fromDevice = cli.runThroughShell("< /dev/null", "put", "-", "--id", "b");
        assertThat(fromDevice.exit()).as(fromDevice.toString()).isEqualTo(2);
        assertThat(fromDevice.err()).contains("standard input is a device");
        assertThat(json(cli.run("ls", "--json"))).isEmpty();
    }

    @Test
    void aPipeAndARegularFileAreRead() throws Exception {
        Process p = cli.start("put", "-", "--id", "piped", "--json");
        try (OutputStream in = p.getOutputStream()) {
            in.write(bytes);
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(JSON.readTree(out).get("checksum").asText()).isEqualTo(hex("MD5", bytes));

        JsonNode fromFile = json(cli.runThroughShell("< '" + image + "'", "put", "-", "--id", "redirected", "--json"));
        assertThat(fromFile.get("size").asLong()).isEqualTo(bytes.length);
    }
}
