package io.glancestore.file.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.StorageFullException;
import io.glancestore.spi.StoreOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which folder a new image goes to, with glance_store's rules, on pretended free space. */
class DatadirChooserTest {

    private static final Path A = Path.of("/srv/a");
    private static final Path B = Path.of("/srv/b");
    private static final Path C = Path.of("/srv/c");

    private final Map<Path, Long> free = new HashMap<>(Map.of(A, 100L, B, 500L, C, 1000L));

    private DatadirChooser chooser(Datadir... datadirs) {
        return new DatadirChooser(List.of(datadirs), true, free::get);
    }

    @Test
    void highestPriorityWithRoomWinsOverMoreFreeSpaceElsewhere() {
        DatadirChooser chooser = chooser(new Datadir(A, 10), new Datadir(C, 1));
        assertThat(chooser.choose(50)).isEqualTo(A);
    }

    @Test
    void amongEqualPrioritiesTheMostFreeSpaceWins() {
        DatadirChooser chooser = chooser(new Datadir(A, 5), new Datadir(B, 5), new Datadir(C, 1));
        assertThat(chooser.choose(10)).isEqualTo(B);
    }

    @Test
    void aPriorityWithoutRoomFallsThroughToTheNext() {
        DatadirChooser chooser = chooser(new Datadir(A, 10), new Datadir(B, 5), new Datadir(C, 1));
        assertThat(chooser.choose(400)).isEqualTo(B);
        assertThat(chooser.choose(800)).isEqualTo(C);
    }

    @Test
    void noFolderWithRoomIsStorageFull() {
        DatadirChooser chooser = chooser(new Datadir(A, 10), new Datadir(B, 5));
        assertThatThrownBy(() -> chooser.choose(501)).isInstanceOf(StorageFullException.class)
                .hasMessageContaining("501 bytes");
    }

    @Test
    void unknownSizeNeedsSomeFreeSpaceOnly() {
        free.put(A, 0L);
        DatadirChooser chooser = chooser(new Datadir(A, 10), new Datadir(B, 5));
        assertThat(chooser.choose(-1)).isEqualTo(B);
        free.put(B, 0L);
        assertThatThrownBy(() -> chooser.choose(-1)).isInstanceOf(StorageFullException.class);
    }

    @Test
    void aFolderWhoseSpaceCannotBeReadIsSkipped() {
        DatadirChooser chooser = new DatadirChooser(List.of(new Datadir(A, 10), new Datadir(B, 5)), true, folder -> {
            if (folder.equals(A)) {
                throw new IOException("stale NFS file handle");
            }
            return 500;
        });
        assertThat(chooser.choose(10)).isEqualTo(B);
    }

    @Test
    void aSingleFolderIsUsedWithoutAskingForSpaceAsGlanceStoreDoes() {
        DatadirChooser chooser = new DatadirChooser(List.of(new Datadir(A, 0)), false, folder -> {
            throw new AssertionError("free space asked");
        });
        assertThat(chooser.choose(Long.MAX_VALUE)).isEqualTo(A);
    }

    @Test
    void datadirsOptionIsParsedAsGlanceStoreParsesIt() {
        FileStoreConfig config = FileStoreConfig.from(StoreOptions.of("s", Map.of(FileStoreConfig.DATADIRS.name(),
                "/srv/a:10, /srv/b ,/srv/c: -2\n/srv/a:10")));
        assertThat(config.multipleDatadirs()).isTrue();
        assertThat(config.datadirs()).containsExactly(new Datadir(A, 10), new Datadir(B, 0), new Datadir(C, -2));
    }

    @Test
    void defaultsAreGlanceStores() {
        FileStoreConfig config = FileStoreConfig.from(StoreOptions.of("s", Map.of()));
        assertThat(config.datadirs()).containsExactly(new Datadir(Path.of("/var/lib/glance/images"), 0));
        assertThat(config.multipleDatadirs()).isFalse();
        assertThat(config.chunkSize()).isEqualTo(65536);
        assertThat(config.thinProvisioning()).isFalse();
        assertThat(config.filePermissions()).isEmpty();
        assertThat(config.tmpStallTime()).hasSeconds(3600);
    }
}
