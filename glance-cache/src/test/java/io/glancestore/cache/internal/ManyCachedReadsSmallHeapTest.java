package io.glancestore.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dozens of readers at once through the cache, as misses and then as hits, in a JVM with a 64
 * MiB heap and 16 MiB of direct memory (16 publications at once, each with the megabyte of the
 * JDK's that a whole-array read used to leave its thread, would not fit), some closing early:
 * none fails but those meant to (a wrong expected md5), no OutOfMemoryError, in particular none
 * for direct memory (the JDK's per-thread buffers, the fills' chunks), and every buffer is back
 * at the end. Once with a fill budget of 4 MiB, once
 * with a budget of one chunk that makes nearly every fill wait for its first one.
 */
class ManyCachedReadsSmallHeapTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void sixtyFourReadersInA64MiBHeapWith16MiBOfDirectMemory() throws Exception {
        String out = run(List.of("-Dglancestore.cache.fillBuffers=4m"), 64);
        assertThat(out).contains("OK").contains("tee miss whole=48").contains("tee hit whole=48")
                .contains("copy miss whole=48").contains("copy hit whole=48").contains("tee miss one byte=8").contains("tee hit wrong md5 refused=8")
                .contains("copy hit wrong md5 refused=8").contains("tee fills published=");
    }

    @Test
    @Timeout(600)
    void aBudgetOfOneFillChunkMakesFillsWaitButNoReadFail() throws Exception {
        String out = run(List.of("-Dglancestore.cache.fillBuffers=256k"), 32);
        assertThat(out).contains("OK").contains("tee miss whole=24").contains("tee hit whole=24")
                .contains("copy miss whole=24");
    }

    private String run(List<String> extra, int threads) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:MaxDirectMemorySize=16m", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        command.addAll(extra);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ManyCachedReads.class.getName(),
                dir.toString(), String.valueOf(threads), "2", String.valueOf(3L * 1024 * 1024 + 5)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = child.getInputStream().readAllBytes();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(output, StandardCharsets.UTF_8);
        System.out.print(out);
        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain("OutOfMemoryError");
        return out;
    }
}
