package io.glancestore.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.ImageStore;
import io.glancestore.memory.InMemoryStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreThroughputTest {

    @TempDir
    Path dir;

    @Test
    void printsEveryFigureAndLeavesNoImageBehind() throws Exception {
        Path file = dir.resolve("image");
        byte[] bytes = new byte[3 << 20];
        new Random(7).nextBytes(bytes);
        Files.write(file, bytes);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        // Room for one image only: a repetition that left its image behind fails the next add.
        try (ImageStore store = InMemoryStore.create("mem", 4 << 20)) {
            StoreThroughput.builder().file(file).repetitions(2).warmUpBytes(1 << 20)
                    .serverPids(List.of(ProcessHandle.current().pid())).keyPrefix("mem")
                    .output(new PrintStream(buffer, true, StandardCharsets.UTF_8)).build().run(store);
        }
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String line : lines) {
            String[] kv = line.split(" ");
            assertThat(kv).hasSize(2);
            assertThat(Double.parseDouble(kv[1])).isGreaterThanOrEqualTo(0);
            counts.merge(kv[0], 1, Integer::sum);
        }
        assertThat(counts).containsEntry("jdk-md5", 1).containsEntry("jdk-sha-512", 1)
                .containsEntry("mem-add", 2).containsEntry("mem-add-cpu", 2).containsEntry("mem-add-server-cpu", 2)
                .containsEntry("mem-get", 2).containsEntry("mem-get-verified", 2)
                .containsEntry("mem-get-verified-server-cpu", 2)
                .containsKeys("heap-max-mib", "heap-peak-mib", "rss-peak-mib");
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> StoreThroughput.builder().repetitions(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreThroughput.builder().warmUpBytes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreThroughput.builder().keyPrefix("Bad Prefix"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreThroughput.builder().build()).isInstanceOf(NullPointerException.class);
    }
}
