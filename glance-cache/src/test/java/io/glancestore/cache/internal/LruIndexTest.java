package io.glancestore.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The access-ordered index: lookups, touches, removals and the eviction order. */
class LruIndexTest {

    private static IndexEntry entry(String id, long size) {
        return new IndexEntry(id, size, 0, 0, 0, null, null, null);
    }

    private static List<String> ids(LruIndex index) {
        List<String> ids = new ArrayList<>();
        index.forEach(e -> ids.add(e.id()));
        return ids;
    }

    @Test
    void entriesAreKeptFromLeastToMostRecentlyUsed() {
        LruIndex index = new LruIndex();
        for (String id : List.of("a", "b", "c", "d")) {
            index.addMostRecent(entry(id, 10));
        }

        index.touch(index.get("b"), 100);
        index.touch(index.get("a"), 101);
        index.touch(index.get("a"), 102);

        assertThat(ids(index)).containsExactly("c", "d", "b", "a");
        assertThat(index.leastRecent().id()).isEqualTo("c");
        assertThat(index.get("a").hits()).isEqualTo(2);
        assertThat(index.get("a").lastAccess()).isEqualTo(102);
        assertThat(index.bytes()).isEqualTo(40);
    }

    @Test
    void removingFromAnyPlaceKeepsTheListAndTheBytesRight() {
        LruIndex index = new LruIndex();
        for (String id : List.of("a", "b", "c", "d")) {
            index.addMostRecent(entry(id, id.charAt(0)));
        }

        assertThat(index.remove(index.get("a"))).isTrue();
        assertThat(index.remove(index.get("c"))).isTrue();
        assertThat(index.remove(index.get("d"))).isTrue();
        IndexEntry stray = entry("b", 1);
        assertThat(index.remove(stray)).as("another entry with the same id").isFalse();

        assertThat(ids(index)).containsExactly("b");
        assertThat(index.bytes()).isEqualTo('b');
        assertThat(index.size()).isEqualTo(1);
        index.touch(index.get("b"), 5);
        assertThat(ids(index)).containsExactly("b");
    }

    @Test
    void addingAnExistingIdReplacesIt() {
        LruIndex index = new LruIndex();
        index.addMostRecent(entry("a", 5));
        index.addMostRecent(entry("b", 5));

        IndexEntry old = index.addMostRecent(entry("a", 7));

        assertThat(old.size()).isEqualTo(5);
        assertThat(ids(index)).containsExactly("b", "a");
        assertThat(index.bytes()).isEqualTo(12);
    }

    @Test
    void aRandomWorkloadMatchesASimpleModel() {
        LruIndex index = new LruIndex();
        List<String> model = new ArrayList<>();
        Random random = new Random(1);
        for (int step = 0; step < 20_000; step++) {
            String id = "i" + random.nextInt(200);
            int op = random.nextInt(3);
            IndexEntry e = index.get(id);
            if (op == 0) {
                index.addMostRecent(entry(id, 1));
                model.remove(id);
                model.add(id);
            } else if (op == 1 && e != null) {
                index.touch(e, step);
                model.remove(id);
                model.add(id);
            } else if (e != null) {
                index.remove(e);
                model.remove(id);
            }
        }
        assertThat(ids(index)).containsExactlyElementsOf(model);
        assertThat(index.bytes()).isEqualTo(model.size());
    }
}
