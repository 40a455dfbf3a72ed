package io.glancestore.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which ids the cache can hold as files of its folder. */
class CacheFolderTest {

    @Test
    void glanceIdsAreCacheable() {
        assertThat(CacheFolder.isCacheableId("7b3f6e2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b")).isTrue();
        assertThat(CacheFolder.isCacheableId("Az09-._~")).isTrue();
        assertThat(CacheFolder.isCacheableId("b".repeat(200))).isTrue();
    }

    @Test
    void namesThatWouldEscapeOrCollideWithTheLayoutAreNot() {
        for (String id : new String[] {null, "", ".", "..", ".hidden", "a/b", "../x", "a\\b", "b".repeat(201),
            "incomplete", "invalid", "queue", "cache.db", "a b", "caf\u00e9", "x\u0000"}) {
            assertThat(CacheFolder.isCacheableId(id)).as("%s", id).isFalse();
        }
    }
}
