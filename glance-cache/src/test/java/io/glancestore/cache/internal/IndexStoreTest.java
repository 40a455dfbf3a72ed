package io.glancestore.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot plus journals: what survives crashes at every step, and what damage is detected. */
class IndexStoreTest {

    @TempDir
    Path dir;

    private static IndexEntry entry(String id, long size) {
        return new IndexEntry(id, size, 0, 1000, 1000, new byte[] {1, 2}, "sha512", new byte[] {3});
    }

    private static List<String> ids(LruIndex index) {
        List<String> ids = new ArrayList<>();
        index.forEach(e -> ids.add(e.id() + ":" + e.hits()));
        return ids;
    }

    private LruIndex load() throws IOException {
        LruIndex index = new LruIndex();
        try (IndexStore store = new IndexStore(dir)) {
            store.load(index);
        }
        return index;
    }

    /** Writes a/b/c through the journal, then touches a; without closing anything cleanly. */
    private void journalSomeChanges(IndexStore store, LruIndex index) {
        for (String id : List.of("a", "b", "c")) {
            IndexEntry e = entry(id, 10);
            index.addMostRecent(e);
            store.journal().put(e);
        }
        index.touch(index.get("a"), 2000);
        store.journal().touch(index.get("a"));
        store.journal().remove("b");
        index.remove(index.get("b"));
        store.journal().flush();
    }

    @Test
    void journalRecordsAloneRestoreTheIndex() throws IOException {
        IndexStore store = new IndexStore(dir);
        LruIndex index = new LruIndex();
        assertThat(store.load(index).snapshotValid()).isFalse();
        journalSomeChanges(store, index);
        // no close: a crash

        LruIndex reloaded = load();

        assertThat(ids(reloaded)).containsExactly("c:0", "a:1");
        assertThat(reloaded.get("a").lastAccess()).isEqualTo(2000);
        assertThat(reloaded.get("a").md5).containsExactly(1, 2);
    }

    @Test
    void aTornLastRecordIsIgnoredAndTheRecordsBeforeItStand() throws IOException {
        IndexStore store = new IndexStore(dir);
        LruIndex index = new LruIndex();
        store.load(index);
        journalSomeChanges(store, index);
        Path journal = store.journal().file();
        long intact = Files.size(journal);
        store.journal().touch(index.get("c"));
        store.journal().flush();
        // Cut the last record in half, as a crash mid-write would.
        long full = Files.size(journal);
        try (var ch = Files.newByteChannel(journal, StandardOpenOption.WRITE)) {
            ch.truncate(intact + (full - intact) / 2);
        }

        assertThat(ids(load())).containsExactly("c:0", "a:1");
    }

    @Test
    void aDamagedRecordEndsTheReplay() throws IOException {
        IndexStore store = new IndexStore(dir);
        LruIndex index = new LruIndex();
        store.load(index);
        journalSomeChanges(store, index);
        Path journal = store.journal().file();
        byte[] bytes = Files.readAllBytes(journal);
        bytes[bytes.length - 6] ^= 0x40; // inside the last record (the remove of b)
        Files.write(journal, bytes);

        assertThat(ids(load())).containsExactly("b:0", "c:0", "a:1");
    }

    @Test
    void compactionWritesASnapshotAndDropsTheJournalsItCovers() throws IOException {
        IndexStore store = new IndexStore(dir);
        LruIndex index = new LruIndex();
        store.load(index);
        journalSomeChanges(store, index);

        IndexStore.Compaction c = store.beginCompaction(index);
        IndexEntry d = entry("d", 4);
        index.addMostRecent(d);
        store.journal().put(d); // lands in the new journal
        store.journal().flush();
        assertThat(store.finishCompaction(c)).isTrue();

        assertThat(journals()).hasSize(1);
        LruIndex reloaded = load();
        assertThat(ids(reloaded)).containsExactly("c:0", "a:1", "d:0");
    }

    @Test
    void aCrashBeforeTheSnapshotIsWrittenLosesNothing() throws IOException {
        IndexStore store = new IndexStore(dir);
        LruIndex index = new LruIndex();
        store.load(index);
        journalSomeChanges(store, index);

        store.beginCompaction(index); // rotated, but the snapshot is never written
        IndexEntry d = entry("d", 4);
        index.addMostRecent(d);
        store.journal().put(d);
        store.journal().flush();

        assertThat(ids(load())).containsExactly("c:0", "a:1", "d:0");
    }

    @Test
    void journalsOlderThanTheSnapshotAreNotReplayedTwice() throws IOException {
        IndexStore store = new IndexStore(dir);
        LruIndex index = new LruIndex();
        store.load(index);
        journalSomeChanges(store, index);
        Path oldJournal = store.journal().file();
        byte[] oldBytes = Files.readAllBytes(oldJournal);
        store.finishCompaction(store.beginCompaction(index));
        // A crash right after the snapshot, before the old journal was deleted.
        Files.write(oldJournal, oldBytes);

        assertThat(ids(load())).containsExactly("c:0", "a:1");
    }

    @Test
    void aDamagedSnapshotIsReportedAndIgnored() throws IOException {
        IndexStore store = new IndexStore(dir);
        LruIndex index = new LruIndex();
        store.load(index);
        journalSomeChanges(store, index);
        store.finishCompaction(store.beginCompaction(index));
        store.close();
        Path snapshot = dir.resolve("snapshot");
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[20] ^= 1;
        Files.write(snapshot, bytes);

        LruIndex reloaded = new LruIndex();
        try (IndexStore again = new IndexStore(dir)) {
            IndexStore.LoadResult r = again.load(reloaded);
            assertThat(r.snapshotValid()).isFalse();
            assertThat(r.problem()).contains("damaged");
        }
        assertThat(reloaded.size()).isZero();
    }

    private List<Path> journals() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("journal-")).toList();
        }
    }
}
