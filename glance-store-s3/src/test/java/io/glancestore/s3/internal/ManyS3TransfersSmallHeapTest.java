package io.glancestore.s3.internal;

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
 * Dozens of s3 adds (single PUT and multipart, known and unknown size), verified gets, copies
 * and failing transfers at once in a JVM with a 48 MiB heap, against {@link FolderS3}: none fails
 * but those meant to, with their typed error, no OutOfMemoryError, every buffer is back at the
 * end, and the server holds no multipart upload and no object. Once with the default budgets,
 * once with budgets of one part and four chunks, which make nearly every add wait.
 */
class ManyS3TransfersSmallHeapTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void twentyFourThreadsInA48MiBHeap() throws Exception {
        String out = run(List.of("-Xmx48m"), 24);
        assertThat(out).contains("OK").contains("add=24").contains("copy=24").contains("500 mid-multipart=8")
                .contains("interrupted=24").contains("source failure=24").doesNotContain("OutOfMemoryError");
    }

    @Test
    @Timeout(600)
    void budgetsOfOnePartAndFourChunksMakeAddsWaitButNoneFail() throws Exception {
        String out = run(List.of("-Xmx48m", "-Dglancestore.s3.partBuffers=5m", "-Dglancestore.transferBuffers=1m"), 9);
        assertThat(out).contains("OK").contains("add=9").contains("copy=9").contains("500 mid-multipart=3");
    }

    private String run(List<String> jvm, int threads) throws IOException, InterruptedException {
        try (FolderS3 s3 = new FolderS3(dir)) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvm);
            command.addAll(List.of("-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    ManyS3Transfers.class.getName(), s3.endpoint(), String.valueOf(threads), "1"));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = child.getInputStream().readAllBytes();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(output, StandardCharsets.UTF_8);
            System.out.print(out.lines().filter(l -> !l.contains(" INFO ") && !l.contains(" WARN "))
                    .reduce("", (a, b) -> a + b + "\n"));
            assertThat(child.exitValue()).as(out).isZero();
            assertThat(s3.openUploads()).as("multipart uploads left open").isZero();
            assertThat(s3.objects()).as("objects left").isEmpty();
            return out;
        }
    }
}
