package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.SizeMismatchException;
import io.glancestore.exception.SourceReadException;
import io.glancestore.tck.FailingInputStream;
import io.glancestore.tck.GatedInputStream;
import io.glancestore.tck.GeneratedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Partial images live in hidden temporaries: never visible, never left behind for long. */
class TemporaryFilesTest {

    private static final String ID = "img-1";

    @TempDir
    Path datadir;

    @Test
    @Timeout(60)
    void anImageBeingWrittenIsInvisibleUntilItIsComplete() throws Exception {
        GeneratedImage image = GeneratedImage.of(1, 5_000_000);
        try (FileStore store = FileStore.builder().datadir(datadir).build()) {
            GatedInputStream gated = new GatedInputStream(image.openStream(), 3_000_000);
            CompletableFuture<String> add = CompletableFuture.supplyAsync(
                    () -> store.add(ID, gated, image.size()).location());
            assertThat(gated.awaitPaused(30, TimeUnit.SECONDS)).isTrue();

            List<String> during = FolderContents.names(datadir);
            assertThat(during).singleElement().asString().startsWith("." + ID + ".glance-tmp-");
            String location = "file://" + datadir + "/" + ID;
            assertThatThrownBy(() -> store.size(location)).isInstanceOf(NotFoundException.class);
            String tempLocation = "file://" + datadir + "/" + during.get(0);
            assertThat(store.handles(tempLocation)).isFalse();
            assertThatThrownBy(() -> store.get(tempLocation)).isInstanceOf(BadStoreUriException.class);

            gated.open();
            assertThat(add.get(30, TimeUnit.SECONDS)).isEqualTo(location);
            assertThat(FolderContents.names(datadir)).containsExactly(ID);
        }
    }

    @Test
    void failedAddsLeaveNothing() throws Exception {
        GeneratedImage image = GeneratedImage.of(2, 4_000_000);
        try (FileStore store = FileStore.builder().datadir(datadir).build()) {
            assertThatThrownBy(() -> store.add(ID, FailingInputStream.after(image.openStream(), 2_500_000),
                    image.size())).isInstanceOf(SourceReadException.class);
            assertThatThrownBy(() -> store.add(ID, image.openStream(), image.size() + 1))
                    .isInstanceOf(SizeMismatchException.class);
            assertThat(FolderContents.names(datadir)).isEmpty();
            store.add(ID, image.openStream(), image.size());
            assertThat(FolderContents.names(datadir)).containsExactly(ID);
        }
    }

    @Test
    void openingAStoreRemovesStaleTemporariesAndKeepsFreshOnes() throws Exception {
        Files.createDirectories(datadir);
        Path stale = Files.writeString(datadir.resolve(".a.glance-tmp-0011223344556677"), "partial");
        Path fresh = Files.writeString(datadir.resolve(".b.glance-tmp-8899aabbccddeeff"), "in progress");
        Path unrelated = Files.writeString(datadir.resolve(".hidden-by-someone-else"), "keep");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().minus(Duration.ofMinutes(50))));

        try (FileStore store = FileStore.builder().datadir(datadir).build()) {
            assertThat(FolderContents.names(datadir)).containsExactlyInAnyOrder(
                    fresh.getFileName().toString(), unrelated.getFileName().toString());
            assertThat(store.removeStaleTemporaries()).isZero();
            assertThat(store.removeStaleTemporaries(Duration.ofMinutes(30))).isEqualTo(1);
            assertThat(FolderContents.names(datadir)).containsExactly(unrelated.getFileName().toString());
        }
    }

    @Test
    void stallTimeIsConfigurable() throws Exception {
        Path temp = Files.writeString(datadir.resolve(".a.glance-tmp-0011223344556677"), "partial");
        Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(Duration.ofMinutes(3))));
        FileStore.builder().datadir(datadir).tmpStallTime(Duration.ofMinutes(2)).build().close();
        assertThat(FolderContents.names(datadir)).isEmpty();
    }

    @Test
    @Timeout(120)
    void aWriterKilledMidAddLeavesOnlyATemporaryWhichIsCleanedOnceStale() throws Exception {
        Process writer = new ProcessBuilder(ChildJvm.command(KilledWriter.class,
                datadir.toString(), ID, "8000000", String.valueOf(3 << 20))).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.equals("STALLED")) {
                seen.append(line).append('\n');
            }
            assertThat(line).as("writer output:\n" + seen).isEqualTo("STALLED");
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        List<String> left = FolderContents.names(datadir);
        assertThat(left).singleElement().asString().startsWith("." + ID + ".glance-tmp-");
        Path temp = datadir.resolve(left.get(0));
        assertThat(Files.size(temp)).isPositive();

        try (FileStore store = FileStore.builder().datadir(datadir).build()) {
            assertThatThrownBy(() -> store.size("file://" + datadir + "/" + ID)).isInstanceOf(NotFoundException.class);
            assertThat(FolderContents.names(datadir)).as("fresh: another writer could own it").containsExactly(left.get(0));
            GeneratedImage image = GeneratedImage.of(9, 8_000_000);
            store.add(ID, image.openStream(), image.size());
        }
        Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        FileStore.builder().datadir(datadir).build().close();
        assertThat(FolderContents.names(datadir)).containsExactly(ID);
    }
}
