package io.glancestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Where {@code get} writes: files are replaced only when complete, FIFOs and devices are written
 * in place and never replaced, and no write error (a full disk, a closed pipe) is ever reported
 * as success. Devices other than FIFOs need root to create: {@code OutputDevicesIT}.
 */
class OutputTargetsJarTest extends JarTestSupport {

    @Test
    void aFifoIsWrittenInPlaceAndItsReaderGetsTheImageWithProgress() throws Exception {
        String location = put("img");
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        // A slow reader: the transfer lasts over a second, so the progress bar shows.
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                got.write(in.readNBytes(64 << 10));
                Thread.sleep(1500);
                in.transferTo(got);
                return got.toByteArray();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JarRunner.Result r = cli.run("get", location, "-o", fifo.toString(), "--no-cache", "--progress", "always");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(received.get(30, TimeUnit.SECONDS)).as("what the FIFO's reader received").isEqualTo(bytes);
        assertThat(Files.readAttributes(fifo, "unix:mode", LinkOption.NOFOLLOW_LINKS).get("mode"))
                .as("still a FIFO").matches(m -> ((Integer) m & 0170000) == 0010000);
        assertThat(hiddenFiles(dir)).isZero();
        assertThat(r.err()).contains("elapsed").contains("ETA");
    }

    @Test
    void aDirectoryIsRefusedBeforeAnythingIsRead() throws Exception {
        String location = put("img");
        Path target = Files.createDirectory(dir.resolve("out"));
        JarRunner.Result r = cli.run("get", location, "-o", target.toString(), "--no-cache");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(target + " is a directory");
        assertThat(hiddenFiles(dir)).as("no .out.part").isZero();
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void aMissingFolderIsNamed() throws Exception {
        String location = put("img");
        Path target = dir.resolve("missing/x.img");
        JarRunner.Result r = cli.run("get", location, "-o", target.toString(), "--no-cache");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("glance-store: cannot write " + target + ": folder "
                + dir.resolve("missing") + " does not exist");
    }

    @Test
    void aFailedGetLeavesAnExistingFileAsItWas() throws Exception {
        String location = put("img");
        Path target = dir.resolve("out.img");
        Files.writeString(target, "older");
        JarRunner.Result r = cli.run("get", location, "-o", target.toString(), "--no-cache",
                "--md5", "0123456789abcdef0123456789abcdef");
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(Files.readString(target)).isEqualTo("older");
        assertThat(hiddenFiles(dir)).as("the partial copy is removed").isZero();
    }

    @Test
    void aFullDiskOnStandardOutputFails() throws Exception {
        String location = put("img");
        JarRunner.Result r = cli.runWithStdoutTo(new File("/dev/full"), "get", location, "-o", "-", "--no-cache");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("glance-store: cannot write the image to standard output:"
                + " No space left on device");
        // and so do results that cannot be printed
        JarRunner.Result ls = cli.runWithStdoutTo(new File("/dev/full"), "ls");
        assertThat(ls.exit()).as(ls.toString()).isEqualTo(1);
        assertThat(ls.err()).contains("No space left on device");
    }

    @Test
    void aClosedPipeFails() throws Exception {
        String location = put("img");
        Process p = cli.start("get", location, "-o", "-", "--no-cache");
        p.getOutputStream().close();
        byte[] head = p.getInputStream().readNBytes(10);
        p.getInputStream().close(); // as `| head -c 10` does
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String stderr = new String(err.get(), StandardCharsets.UTF_8);
        assertThat(head).isEqualTo(Arrays.copyOf(bytes, 10));
        assertThat(p.exitValue()).as(stderr).isEqualTo(1);
        assertThat(stderr.strip()).isEqualTo("glance-store: cannot write the image to standard output: Broken pipe");
    }

    @Test
    void withTheImageOnStandardOutputEverythingElseGoesToStandardError() throws Exception {
        String location = put("img");
        JarRunner.Result r = cli.run("--json", "get", location, "-o", "-", "--no-cache",
                "--md5", "0123456789abcdef0123456789abcdef");
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.rawOut()).as("only image bytes on stdout").isEqualTo(Arrays.copyOf(bytes, r.rawOut().length));
        JsonNode error = JSON.readTree(r.err());
        assertThat(error.get("kind").asText()).isEqualTo("checksum_mismatch");
        assertThat(error.get("exit_code").asInt()).isEqualTo(4);
    }

    @Test
    void noOutputToATerminalIsRefusedAsCurlDoes() throws Exception {
        String location = put("img");
        // script(1) gives the command a terminal as standard output; standard input is not one.
        String command = String.join(" ", JarRunner.javaCommand()) + " get " + location + " </dev/null";
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] shown = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String text = new String(shown, StandardCharsets.ISO_8859_1);
        assertThat(p.exitValue()).as(text).isEqualTo(2);
        assertThat(text).contains("standard output is a terminal");
        assertThat(shown.length).as("no image on the terminal").isLessThan(1000);
        // -o - says the user means it
        Process anyway = new ProcessBuilder("script", "-qec", String.join(" ", JarRunner.javaCommand()) + " get "
                + location + " -o - </dev/null", "/dev/null").directory(dir.toFile()).redirectErrorStream(true).start();
        anyway.getOutputStream().close();
        byte[] dumped = anyway.getInputStream().readAllBytes();
        assertThat(anyway.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(anyway.exitValue()).isZero();
        assertThat(dumped.length).isGreaterThan(bytes.length / 2);
    }
}
