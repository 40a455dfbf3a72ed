package io.glancestore.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.ImageStore;
import io.glancestore.copy.MigrationReport.ImageOutcome;
import io.glancestore.copy.MigrationReport.Status;
import io.glancestore.exception.NotFoundException;
import io.glancestore.memory.InMemoryStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A migration that moves a catalog of image records with the data: every record always lists a
 * location that reads, whatever step the migration is killed at and however often.
 */
class CatalogMigrationTest {

    @TempDir
    Path tmp;

    ImageStore oldStore;
    ImageStore newStore;
    List<MigrationItem> items;
    Catalog catalog;

    /** An in-memory catalog; a "kill" is an Error thrown after a budget of calls, as SIGKILL ends a run anywhere. */
    final class Catalog implements MigrationCatalog {
        final Map<String, List<String>> records = new LinkedHashMap<>();
        final AtomicInteger callsLeft = new AtomicInteger(Integer.MAX_VALUE);
        boolean deletesData = true;

        void step() {
            if (callsLeft.getAndDecrement() <= 0) {
                throw new Killed();
            }
        }

        @Override
        public synchronized void addLocation(String imageId, AddResult copy) {
            step();
            List<String> locations = record(imageId);
            if (!locations.contains(copy.location())) {
                locations.add(copy.location());
            }
            step();
        }

        @Override
        public synchronized boolean listsLocation(String imageId, String location) {
            step();
            return record(imageId).contains(location);
        }

        @Override
        public synchronized boolean removeLocation(String imageId, String location) {
            step();
            List<String> locations = record(imageId);
            if (!locations.contains(location)) {
                return true;
            }
            assertThat(locations).as("a record must keep a location").hasSizeGreaterThan(1);
            if (locations.remove(location) && deletesData) {
                oldStore.delete(location);
            }
            step();
            return deletesData;
        }

        private List<String> record(String imageId) {
            List<String> l = records.get(imageId);
            if (l == null) {
                throw new NotFoundException("no image " + imageId);
            }
            return l;
        }

        /** Every record lists at least one location, and each listed location reads. */
        synchronized void assertReadable() {
            for (Map.Entry<String, List<String>> r : records.entrySet()) {
                assertThat(r.getValue()).as(r.getKey()).isNotEmpty();
                for (String l : r.getValue()) {
                    ImageStore s = l.startsWith("memory://old/") ? oldStore : newStore;
                    assertThat(new String(TestStores.read(s, l), StandardCharsets.UTF_8))
                            .isEqualTo("content of " + r.getKey());
                }
            }
        }
    }

    static final class Killed extends Error {
        Killed() {
            super("killed", null, false, false);
        }
    }

    @BeforeEach
    void setUp() {
        oldStore = InMemoryStore.create("old", Long.MAX_VALUE);
        newStore = InMemoryStore.create("new", Long.MAX_VALUE);
        catalog = new Catalog();
        items = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String id = "img-" + i;
            byte[] data = ("content of " + id).getBytes(StandardCharsets.UTF_8);
            AddResult r = oldStore.add(id, new ByteArrayInputStream(data), data.length);
            catalog.records.put(id, new ArrayList<>(List.of(r.location())));
            items.add(new MigrationItem(id, r.location(), new ExpectedHashes(r.checksum(), r.hashAlgorithm(),
                    r.multihash())));
        }
    }

    private StoreMigration.Builder migration(ImageStore target, StoreMigration.Mode mode) {
        return StoreMigration.builder(oldStore, target, tmp.resolve("journal-" + mode)).catalog(catalog).mode(mode)
                .deleteSources(true).retireDelay(Duration.ZERO);
    }

    private void assertMoved(MigrationReport report) {
        assertThat(report.complete()).as("%s", report).isTrue();
        assertThat(report.images()).allMatch(ImageOutcome::registered).allMatch(ImageOutcome::sourceDeleted);
        for (Map.Entry<String, List<String>> r : catalog.records.entrySet()) {
            assertThat(r.getValue()).containsExactly("memory://new/" + r.getKey());
            assertThatThrownBy(() -> oldStore.size("memory://old/" + r.getKey())).isInstanceOf(NotFoundException.class);
        }
        catalog.assertReadable();
    }

    @ParameterizedTest
    @EnumSource(StoreMigration.Mode.class)
    void theCatalogEndsUpListingOnlyTheNewStore(StoreMigration.Mode mode) {
        try (StoreMigration m = migration(newStore, mode).build()) {
            assertMoved(m.run(items));
            MigrationReport again = m.run(items);
            assertThat(again.count(Status.ALREADY_COPIED)).isEqualTo(4);
            assertMoved(again);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 7, 9, 12, 15, 20, 26, 31})
    void killedAtAnyCatalogStepItResumesAndNoRecordLosesItsData(int callsBeforeKill) {
        for (StoreMigration.Mode mode : StoreMigration.Mode.values()) {
            setUp();
            catalog.callsLeft.set(callsBeforeKill);
            try (StoreMigration m = migration(newStore, mode).build()) {
                m.run(items);
            } catch (Killed expected) {
                // the run died here
            }
            catalog.assertReadable();
            catalog.callsLeft.set(Integer.MAX_VALUE);
            try (StoreMigration m = migration(newStore, mode).build()) {
                assertMoved(m.run(items));
            }
        }
    }

    @Test
    void killedInsideAnAddOrItsReadBackTheCopyIsMadeOrReadAgain() {
        AtomicInteger addsBeforeKill = new AtomicInteger(1);
        AtomicInteger readsBeforeKill = new AtomicInteger(Integer.MAX_VALUE);
        ImageStore dying = new TestStores.Forwarding(newStore) {
            @Override
            public AddResult add(String imageId, InputStream data, long size, AddOptions options) {
                if (addsBeforeKill.getAndDecrement() <= 0) {
                    throw new Killed();
                }
                return delegate.add(imageId, data, size, options);
            }

            @Override
            public io.glancestore.ImageData get(String location, long offset, long length,
                    io.glancestore.ReadOptions options) {
                if (readsBeforeKill.getAndDecrement() <= 0) {
                    throw new Killed();
                }
                return delegate.get(location, offset, length, options);
            }
        };
        assertThatThrownBy(() -> migration(dying, StoreMigration.Mode.ROLLING).build().run(items))
                .isInstanceOf(Killed.class);
        catalog.assertReadable();
        addsBeforeKill.set(Integer.MAX_VALUE);
        readsBeforeKill.set(0);
        assertThatThrownBy(() -> migration(dying, StoreMigration.Mode.ROLLING).build().run(items))
                .isInstanceOf(Killed.class);
        catalog.assertReadable();
        readsBeforeKill.set(Integer.MAX_VALUE);
        try (StoreMigration m = migration(dying, StoreMigration.Mode.ROLLING).build()) {
            assertMoved(m.run(items));
        }
    }

    @Test
    void aCopyTheCatalogMakesItselfIsVerifiedBeforeItIsUsed() {
        MigrationCatalog copying = new MigrationCatalog() {
            @Override
            public Optional<AddResult> copyOf(String imageId, String sourceLocation, ExpectedHashes expected) {
                byte[] data = TestStores.read(oldStore, sourceLocation);
                if (imageId.equals("img-2")) {
                    data[0] ^= 1;
                }
                AddResult r = newStore.add(imageId, new ByteArrayInputStream(data), data.length);
                // The catalog reports the hashes it has on record, not what it wrote.
                return Optional.of(new AddResult(r.location(), r.size(), expected.md5(), expected.multihash(),
                        expected.hashAlgorithm(), Map.of()));
            }

            @Override
            public void addLocation(String imageId, AddResult copy) {
                catalog.addLocation(imageId, copy);
            }

            @Override
            public boolean listsLocation(String imageId, String location) {
                return catalog.listsLocation(imageId, location);
            }

            @Override
            public boolean removeLocation(String imageId, String location) {
                return catalog.removeLocation(imageId, location);
            }
        };
        try (StoreMigration m = StoreMigration.builder(oldStore, newStore, tmp.resolve("j")).catalog(copying)
                .deleteSources(true).retireDelay(Duration.ZERO).build()) {
            MigrationReport report = m.run(items);
            assertThat(report.images()).filteredOn(o -> o.status() == Status.FAILED)
                    .extracting(ImageOutcome::imageId).containsExactly("img-2");
            assertThat(catalog.records.get("img-2")).containsExactly("memory://old/img-2");
            assertThat(catalog.records.get("img-1")).containsExactly("memory://new/img-1");
        }
        catalog.assertReadable();
    }

    @Test
    void withoutDeleteSourcesTheCopyIsListedBesideTheSource() {
        catalog.deletesData = false;
        try (StoreMigration m = StoreMigration.builder(oldStore, newStore, tmp.resolve("j")).catalog(catalog).build()) {
            MigrationReport report = m.run(items);
            assertThat(report.images()).allMatch(ImageOutcome::registered).noneMatch(ImageOutcome::sourceDeleted);
        }
        assertThat(catalog.records.get("img-3")).containsExactly("memory://old/img-3", "memory://new/img-3");
        catalog.assertReadable();
    }
}
