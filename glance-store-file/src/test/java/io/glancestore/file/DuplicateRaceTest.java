package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.ImageData;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GeneratedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes add the same id to one folder at the same moment (as several Glance API
 * nodes on one NFS share can): exactly one wins, the others are told it is a duplicate, and the
 * image is the winner's bytes, whole.
 */
class DuplicateRaceTest {

    private static final int WRITERS = 4;
    private static final long SIZE = 4_000_000;
    private static final String ID = "raced";

    @TempDir
    Path tmp;

    @Test
    @Timeout(180)
    void exactlyOneProcessWinsAndTheImageIsItsBytes() throws Exception {
        Path datadir = Files.createDirectories(tmp.resolve("images"));
        Path signals = Files.createDirectories(tmp.resolve("signals"));
        Path go = signals.resolve("go");
        List<Process> writers = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            Path output = tmp.resolve("writer-" + i + ".out");
            outputs.add(output);
            writers.add(new ProcessBuilder(ChildJvm.command(RacingWriter.class, datadir.toString(), ID,
                    String.valueOf(i), String.valueOf(SIZE), signals.resolve("ready-" + i).toString(), go.toString()))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start());
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (FolderContents.names(signals).size() < WRITERS && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(FolderContents.names(signals)).as("writers ready").hasSize(WRITERS);
            // Every writer has passed the early check and holds its own temporary.
            assertThat(FolderContents.names(datadir)).hasSize(WRITERS).allMatch(n -> n.startsWith("." + ID));
            Files.createFile(go);
            for (Process writer : writers) {
                assertThat(writer.waitFor(120, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            writers.forEach(Process::destroyForcibly);
        }

        List<Integer> winners = new ArrayList<>();
        String winnerMd5 = null;
        for (int i = 0; i < WRITERS; i++) {
            String out = Files.readString(outputs.get(i), StandardCharsets.UTF_8);
            List<String> lines = out.lines().filter(l -> l.startsWith("WON ") || l.equals("DUPLICATE")).toList();
            assertThat(lines).as("writer " + i + " output:\n" + out).hasSize(1);
            if (lines.get(0).startsWith("WON ")) {
                winners.add(i);
                winnerMd5 = lines.get(0).substring(4);
            }
        }
        assertThat(winners).as("winners").hasSize(1);
        GeneratedImage winner = GeneratedImage.of(winners.get(0), SIZE);
        assertThat(winnerMd5).isEqualTo(winner.md5Hex());

        assertThat(FolderContents.names(datadir)).containsExactly(ID);
        try (FileStore store = FileStore.builder().datadir(datadir).build();
                ImageData in = store.get("file://" + datadir + "/" + ID)) {
            assertThat(Digests.of(in)).isEqualTo(winner.digests());
        }
    }
}
