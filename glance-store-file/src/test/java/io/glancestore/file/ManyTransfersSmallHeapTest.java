package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dozens of adds, gets, copies and failing transfers at once in a JVM with a 48 MiB heap: none
 * fails but those meant to, with their typed error (sizes that do not match, a hash that does
 * not, a source that throws a checked or an unchecked exception, an add interrupted while it
 * reads or before it starts, a verifier that rejects), no OutOfMemoryError, and every transfer
 * buffer is back in the pool at the end. Once with the default budget (a quarter of the heap),
 * once with a budget of four chunks that makes nearly every transfer wait for buffers.
 */
class ManyTransfersSmallHeapTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void sixtyFourThreadsInA48MiBHeap() throws Exception {
        String out = run(List.of("-Xmx48m"), 64, 2);
        assertThat(out).contains("OK").contains("add=128").contains("copy=128").contains("interrupted=128")
                .contains("hash mismatch=128").contains("source unchecked failure=128").doesNotContain("OutOfMemoryError");
    }

    @Test
    @Timeout(600)
    void aBudgetOfFourChunksMakesTransfersWaitButNoneFail() throws Exception {
        String out = run(List.of("-Xmx48m", "-Dglancestore.transferBuffers=1m"), 32, 1);
        assertThat(out).contains("OK").contains("add=32").contains("copy=32").contains("interrupted=32")
                .contains("source unchecked failure=32").contains("interrupted before start, failed");
    }

    private String run(List<String> jvm, int threads, int rounds) throws IOException, InterruptedException {
        List<String> options = new java.util.ArrayList<>(jvm);
        options.add("-XX:TieredStopAtLevel=1");
        Process child = new ProcessBuilder(ChildJvm.command(options, System.getProperty("java.class.path"),
                ManyTransfers.class, dir.resolve("images").toString(), String.valueOf(threads), String.valueOf(rounds)))
                .redirectErrorStream(true).start();
        byte[] output = child.getInputStream().readAllBytes();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(output, StandardCharsets.UTF_8);
        System.out.print(out);
        assertThat(child.exitValue()).as(out).isZero();
        return out;
    }
}
