package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.Capability;
import io.glancestore.exception.StoreAddDisabledException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder that cannot be written makes the store read-only, not unusable, as in glance_store.
 * Permission bits do not bind root, so the unprivileged case is in {@code StorageFaultsIT}.
 */
class ReadOnlyDatadirTest {

    @TempDir
    Path tmp;

    @Test
    void aFolderThatCannotBeCreatedMakesTheStoreReadOnly() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        try (FileStore store = FileStore.builder().datadir(file.resolve("images")).build()) {
            assertThat(store.capabilities()).doesNotContain(Capability.WRITE_ACCESS).contains(Capability.READ_ACCESS);
            assertThatThrownBy(() -> store.add("img", new ByteArrayInputStream(new byte[1]), 1))
                    .isInstanceOf(StoreAddDisabledException.class);
        }
    }

    @Test
    void oneUnwritableFolderAmongSeveralDisablesAdds() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        try (FileStore store = FileStore.builder().datadir(tmp.resolve("good"), 1).datadir(file.resolve("bad"), 2)
                .build()) {
            assertThat(store.capabilities()).doesNotContain(Capability.WRITE_ACCESS);
        }
    }
}
