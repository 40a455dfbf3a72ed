package io.glancestore.copy;

import static io.glancestore.copy.TestStores.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddResult;
import io.glancestore.ImageStore;
import io.glancestore.copy.MigrationReport.ImageOutcome;
import io.glancestore.copy.MigrationReport.Status;
import io.glancestore.exception.NotFoundException;
import io.glancestore.memory.InMemoryStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreMigrationTest {

    @TempDir
    Path tmp;

    ImageStore oldStore;
    ImageStore newStore;
    List<MigrationItem> items;
    Path journal;

    @BeforeEach
    void setUp() {
        oldStore = InMemoryStore.create("old", Long.MAX_VALUE);
        newStore = InMemoryStore.create("new", Long.MAX_VALUE);
        items = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            byte[] data = ("image number " + i).getBytes(StandardCharsets.UTF_8);
            AddResult r = oldStore.add("img-" + i, new ByteArrayInputStream(data), data.length);
            items.add(new MigrationItem(r.location(), new ExpectedHashes(r.checksum(), r.hashAlgorithm(), r.multihash())));
        }
        journal = tmp.resolve("state/migration.journal");
    }

    @Test
    void rollingReadsFallBackToTheOldStoreUntilEachImageIsCopied() {
        try (StoreMigration m = StoreMigration.builder(oldStore, newStore, journal).build()) {
            ImageStore serving = m.rollingStore();
            assertThat(read(serving, "memory://old/img-1")).asString(StandardCharsets.UTF_8).isEqualTo("image number 1");
            AddResult added = serving.add("img-new", new ByteArrayInputStream(new byte[] {1, 2}), 2);
            assertThat(added.location()).isEqualTo("memory://new/img-new");

            MigrationReport report = m.run(items);
            assertThat(report.count(Status.COPIED)).isEqualTo(3);
            assertThat(report.complete()).isTrue();
            assertThat(report.images()).extracting(ImageOutcome::target)
                    .containsExactly("memory://new/img-1", "memory://new/img-2", "memory://new/img-3");
            assertThat(report.images()).noneMatch(ImageOutcome::sourceDeleted);

            // reads of old locations now come from the new store: remove the old copy behind its back
            oldStore.delete("memory://old/img-2");
            assertThat(read(serving, "memory://old/img-2")).asString(StandardCharsets.UTF_8).isEqualTo("image number 2");
            assertThat(serving.size("memory://old/img-2")).isEqualTo(14);
            assertThat(m.migratedLocation("memory://old/img-2")).contains("memory://new/img-2");

            // deleting through the rolling store removes both copies
            serving.delete("memory://old/img-3");
            assertThatThrownBy(() -> newStore.size("memory://new/img-3")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> oldStore.size("memory://old/img-3")).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void anInterruptedMigrationResumesFromItsJournal() throws IOException {
        ImageStore flaky = new TestStores.Failing(newStore, 2);
        try (StoreMigration m = StoreMigration.builder(oldStore, flaky, journal).deleteSources(true).build()) {
            MigrationReport first = m.run(items);
            assertThat(first.images()).extracting(ImageOutcome::status)
                    .containsExactly(Status.COPIED, Status.COPIED, Status.FAILED);
            assertThat(first.images()).extracting(ImageOutcome::sourceDeleted).containsExactly(true, true, false);
            assertThat(first.images().get(2).message()).contains("target went away");
            assertThat(read(oldStore, "memory://old/img-3")).isNotEmpty(); // never deleted before its copy
        }
        // a crash in the middle of an append leaves a torn last line
        Files.writeString(journal, "copied\tmemory://old/img-3\tmemory://ne", StandardOpenOption.APPEND);

        try (StoreMigration m = StoreMigration.builder(oldStore, newStore, journal).deleteSources(true).build()) {
            MigrationReport second = m.run(items);
            assertThat(second.images()).extracting(ImageOutcome::status)
                    .containsExactly(Status.ALREADY_COPIED, Status.ALREADY_COPIED, Status.COPIED);
            assertThat(second.complete()).isTrue();
            assertThat(second.images()).allMatch(ImageOutcome::sourceDeleted);
            for (int i = 1; i <= 3; i++) {
                String old = "memory://old/img-" + i;
                assertThatThrownBy(() -> oldStore.size(old)).isInstanceOf(NotFoundException.class);
                assertThat(read(m.rollingStore(), old)).asString(StandardCharsets.UTF_8).isEqualTo("image number " + i);
            }
        }
    }

    @Test
    void legacyModeDeletesNoSourceUnlessEveryImageMadeIt() {
        ImageStore flaky = new TestStores.Failing(newStore, 2);
        try (StoreMigration m = StoreMigration.builder(oldStore, flaky, journal)
                .mode(StoreMigration.Mode.LEGACY).deleteSources(true).build()) {
            MigrationReport r = m.run(items);
            assertThat(r.count(Status.COPIED)).isEqualTo(2);
            assertThat(r.count(Status.FAILED)).isEqualTo(1);
            assertThat(r.images()).noneMatch(ImageOutcome::sourceDeleted);
            for (MigrationItem i : items) {
                assertThat(read(oldStore, i.location())).isNotEmpty();
            }
        }
        try (StoreMigration m = StoreMigration.builder(oldStore, newStore, journal)
                .mode(StoreMigration.Mode.LEGACY).deleteSources(true).build()) {
            MigrationReport r = m.run(items);
            assertThat(r.complete()).isTrue();
            assertThat(r.images()).allMatch(ImageOutcome::sourceDeleted);
        }
    }

    @Test
    void aCorruptedCopyIsNeverRecordedAndItsSourceStays() {
        ImageStore corrupting = new TestStores.Corrupting(newStore);
        try (StoreMigration m = StoreMigration.builder(oldStore, corrupting, journal).deleteSources(true).build()) {
            MigrationReport r = m.run(items.subList(0, 1));
            assertThat(r.images().get(0).status()).isEqualTo(Status.FAILED);
            assertThat(r.images().get(0).message()).contains("ChecksumMismatchException");
            assertThat(m.migratedLocation(items.get(0).location())).isEmpty();
            assertThat(read(oldStore, items.get(0).location())).isNotEmpty();
            assertThatThrownBy(() -> newStore.size("memory://new/img-1")).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void theJournalIsPrivateToItsOwner() throws IOException {
        StoreMigration.builder(oldStore, newStore, journal).build().close();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)))
                .isEqualTo("rw-------");
    }
}
