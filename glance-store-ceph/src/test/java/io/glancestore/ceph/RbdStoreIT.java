package io.glancestore.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ceph.rbd.jna.RbdImageInfo;
import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.HasSnapshotException;
import io.glancestore.exception.InUseByStoreException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.tck.Digests;
import io.glancestore.tck.GatedInputStream;
import io.glancestore.tck.GeneratedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What is particular to the rbd store, checked in the cluster itself (through rados-java and the
 * {@code rbd} tool, not through the store): glance_store's layout of an image, the delete
 * sequence and its refusals, growth of images of unknown size, thin provisioning, and that the
 * store never leaves an image open.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RbdStoreIT {

    private static final int MIB = 1 << 20;
    private static final String POOL = "driver";

    private static CephCluster cluster;
    private static CephAdmin admin;

    private RbdStore store;

    @BeforeAll
    static void createPool() {
        cluster = CephCluster.get();
        cluster.createPool(POOL);
        admin = new CephAdmin(cluster, POOL);
    }

    @AfterAll
    static void closeAdmin() {
        if (admin != null) {
            admin.close();
        }
    }

    @BeforeEach
    void open() {
        admin.removeAll();
        store = cluster.store(POOL).build();
    }

    @AfterEach
    void close() {
        store.close();
        admin.removeAll();
    }

    @Test
    void anAddedImageIsLaidOutAsGlanceStoreLaysItOut() throws Exception {
        String id = UUID.randomUUID().toString();
        GeneratedImage image = GeneratedImage.of(1, 20L * MIB + 5);

        AddResult added = store.add(id, image.openStream(), image.size());

        assertThat(added.location()).isEqualTo("rbd://" + cluster.fsid() + "/" + POOL + "/" + id + "/snap");
        assertThat(store.fsid()).isEqualTo(cluster.fsid());
        assertThat(admin.images()).containsExactly(id);
        assertThat(admin.snapshots(id)).containsExactly("snap");
        assertThat(admin.isProtected(id, "snap")).as("snapshot protected, so Nova and Cinder can clone it").isTrue();
        RbdImageInfo info = admin.stat(id);
        assertThat(info.size).isEqualTo(image.size());
        assertThat(info.order).as("order = log2(8 MiB chunk)").isEqualTo(23);
        String json = cluster.rbd("info", "--format", "json", POOL + "/" + id);
        assertThat(json).contains("\"format\":2");
        // The cluster's default features (rbd_default_features), as glance_store asks for them.
        assertThat(json).contains("\"features\":[\"layering\",\"exclusive-lock\",\"object-map\",\"fast-diff\","
                + "\"deep-flatten\"]");
        try (ImageData in = store.get(added.location())) {
            assertThat(Digests.of(in)).isEqualTo(image.digests());
        }
    }

    @Test
    void theChunkSizeSetsTheObjectSize() throws Exception {
        try (RbdStore small = cluster.store(POOL).chunkSizeMiB(4).build()) {
            String id = UUID.randomUUID().toString();
            GeneratedImage image = GeneratedImage.of(2, 9L * MIB + 1);
            small.add(id, image.openStream(), image.size());

            assertThat(admin.stat(id).order).isEqualTo(22);
            assertThat(admin.dataObjects(id)).hasSize(3);
        }
    }

    @Test
    void anImageOfUnknownSizeGrowsAndIsTrimmedToItsSize() throws Exception {
        // 8 + 16 + 32 MiB of growth steps: the image overshoots while written, then is trimmed.
        String id = UUID.randomUUID().toString();
        GeneratedImage image = GeneratedImage.of(3, 41L * MIB + 3);

        AddResult added = store.add(id, image.openStream(), ImageStore.UNKNOWN_SIZE);

        assertThat(added.size()).isEqualTo(image.size());
        assertThat(admin.stat(id).size).isEqualTo(image.size());
        assertThat(store.size(added.location())).isEqualTo(image.size());
        try (ImageData in = store.get(added.location())) {
            assertThat(Digests.of(in)).isEqualTo(image.digests());
        }
    }

    @Test
    void aSecondAddOfUnknownSizeOnTheSameStoreGrowsFromZeroAgain() throws Exception {
        // glance_store keeps the growth state per store, so its second such add fails.
        for (int i = 0; i < 2; i++) {
            GeneratedImage image = GeneratedImage.of(40 + i, 9L * MIB + i);
            AddResult added = store.add(UUID.randomUUID().toString(), image.openStream(), ImageStore.UNKNOWN_SIZE);
            assertThat(store.size(added.location())).isEqualTo(image.size());
        }
    }

    @Test
    void thinProvisioningLeavesAllZeroChunksUnallocated() throws Exception {
        byte[] data = chunks(true, false, false, true, false);
        try (RbdStore thin = cluster.store(POOL).thinProvisioning(true).build()) {
            String id = UUID.randomUUID().toString();
            AddResult added = thin.add(id, new ByteArrayInputStream(data), data.length);

            String prefix = admin.dataPrefix(id);
            assertThat(admin.dataObjects(id)).as("only the chunks with data have objects")
                    .containsExactly(prefix + ".0000000000000000", prefix + ".0000000000000003");
            assertThat(admin.stat(id).size).isEqualTo(data.length);
            try (ImageData in = thin.get(added.location())) {
                assertThat(Digests.of(in)).isEqualTo(Digests.of(data));
            }
        }
    }

    @Test
    void withoutThinProvisioningZeroChunksAreWritten() throws Exception {
        byte[] data = chunks(true, false, true);
        String id = UUID.randomUUID().toString();
        store.add(id, new ByteArrayInputStream(data), data.length);

        assertThat(admin.dataObjects(id)).hasSize(3);
    }

    @Test
    void thinProvisioningOfAnImageOfUnknownSizeEndingInZerosKeepsItsLength() throws Exception {
        byte[] data = chunks(true, false, false);
        try (RbdStore thin = cluster.store(POOL).thinProvisioning(true).build()) {
            String id = UUID.randomUUID().toString();
            AddResult added = thin.add(id, new ByteArrayInputStream(data), ImageStore.UNKNOWN_SIZE);

            assertThat(admin.stat(id).size).isEqualTo(data.length);
            assertThat(admin.dataObjects(id)).hasSize(1);
            try (ImageData in = thin.get(added.location(), data.length - 10L, 10)) {
                assertThat(in.readAllBytes()).containsOnly(0);
            }
        }
    }

    @Test
    void deletingAnImageWithAClonedSnapshotIsInUseByStoreAndChangesNothing() throws Exception {
        String id = UUID.randomUUID().toString();
        GeneratedImage image = GeneratedImage.of(4, 3L * MIB);
        String location = store.add(id, image.openStream(), image.size()).location();
        String child = "volume-" + UUID.randomUUID();
        admin.cloneSnapshot(id, "snap", child);

        assertThatThrownBy(() -> store.delete(location)).isInstanceOf(InUseByStoreException.class)
                .hasMessageContaining(child);

        assertThat(admin.snapshots(id)).containsExactly("snap");
        assertThat(admin.isProtected(id, "snap")).isTrue();
        try (ImageData in = store.get(location)) {
            assertThat(Digests.of(in)).isEqualTo(image.digests());
        }

        admin.remove(child);
        store.delete(location);
        assertThat(admin.images()).isEmpty();
    }

    @Test
    void deletingAnImageWithAnotherSnapshotIsHasSnapshotAndChangesNothing() throws Exception {
        String id = UUID.randomUUID().toString();
        GeneratedImage image = GeneratedImage.of(5, MIB + 1);
        String location = store.add(id, image.openStream(), image.size()).location();
        admin.createSnapshot(id, "backup");

        assertThatThrownBy(() -> store.delete(location)).isInstanceOf(HasSnapshotException.class)
                .hasMessageContaining("backup");

        // glance_store removes 'snap' before failing; here the location stays valid.
        assertThat(admin.snapshots(id)).containsExactlyInAnyOrder("snap", "backup");
        assertThat(admin.isProtected(id, "snap")).isTrue();
        assertThat(store.size(location)).isEqualTo(image.size());
    }

    @Test
    void deleteRemovesSnapshotAndImage() throws Exception {
        String location = store.add(UUID.randomUUID().toString(), GeneratedImage.of(6, 100).openStream(), 100)
                .location();

        store.delete(location);

        assertThat(admin.images()).isEmpty();
        assertThatThrownBy(() -> store.size(location)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theLocationOfAnImageStillBeingAddedIsNotFoundEvenForDelete() throws Exception {
        String id = UUID.randomUUID().toString();
        GeneratedImage image = GeneratedImage.of(7, 5L * MIB + 9);
        GatedInputStream source = new GatedInputStream(image.openStream(), 2L * MIB);
        String location = "rbd://" + cluster.fsid() + "/" + POOL + "/" + id + "/snap";
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<AddResult> adding = executor.submit(() -> store.add(id, source, image.size()));
            assertThat(source.awaitPaused(60, TimeUnit.SECONDS)).isTrue();
            assertThat(admin.images()).as("the image exists while written").containsExactly(id);

            assertThatThrownBy(() -> store.size(location)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> store.get(location).close()).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> store.delete(location)).isInstanceOf(NotFoundException.class);

            source.open();
            assertThat(adding.get(60, TimeUnit.SECONDS).location()).isEqualTo(location);
            try (ImageData in = store.get(location)) {
                assertThat(Digests.of(in)).isEqualTo(image.digests());
            }
        } finally {
            source.open();
            executor.shutdownNow();
        }
    }

    @Test
    void aFailedAddLeavesNoImageInThePool() throws Exception {
        GeneratedImage image = GeneratedImage.of(8, 20L * MIB);
        String id = UUID.randomUUID().toString();
        var source = io.glancestore.tck.FailingInputStream.after(image.openStream(), 13L * MIB + 7);

        assertThatThrownBy(() -> store.add(id, source, ImageStore.UNKNOWN_SIZE))
                .isInstanceOf(io.glancestore.exception.SourceReadException.class);

        assertThat(admin.images()).isEmpty();
    }

    @Test
    void imagesAreNeverLeftOpen() throws Exception {
        String id = UUID.randomUUID().toString();
        GeneratedImage image = GeneratedImage.of(9, 3L * MIB + 1);
        String location = store.add(id, image.openStream(), image.size()).location();
        assertThat(watchers(id)).as("after add").isEmpty();

        store.size(location);
        try (ImageData in = store.get(location, MIB, 10)) {
            in.readAllBytes();
        }
        try (ImageData in = store.get(location)) {
            in.read(new byte[100]);
        }
        assertThat(watchers(id)).as("after reads, one closed early").isEmpty();

        store.delete(location);
        assertThat(admin.images()).isEmpty();
    }

    @Test
    void legacyLocationsAreReadFromTheConfiguredPool() throws Exception {
        String id = UUID.randomUUID().toString();
        GeneratedImage image = GeneratedImage.of(10, 2L * MIB + 3);
        store.add(id, image.openStream(), image.size());

        String legacy = "rbd://" + id;
        assertThat(store.handles(legacy)).isTrue();
        assertThat(store.size(legacy)).isEqualTo(image.size());
        try (ImageData in = store.get(legacy, MIB, 1000)) {
            assertThat(in.readAllBytes()).isEqualTo(image.bytes(MIB, 1000));
        }
    }

    @Test
    void anotherPoolNamedByTheLocationIsRead() throws Exception {
        String id = UUID.randomUUID().toString();
        GeneratedImage image = GeneratedImage.of(11, 1000);
        String location = store.add(id, image.openStream(), image.size()).location();
        try (RbdStore other = cluster.store(cluster.pool()).build()) {
            assertThat(other.size(location)).isEqualTo(image.size());
        }
    }

    @Test
    void aMissingPoolIsABadConfigurationForAddsAndNotFoundForLocations() {
        try (RbdStore missing = cluster.store("no-such-pool").build()) {
            assertThatThrownBy(() -> missing.add(UUID.randomUUID().toString(), new ByteArrayInputStream(new byte[10]), 10))
                    .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("no-such-pool");
            assertThatThrownBy(() -> missing.size("rbd://" + cluster.fsid() + "/no-such-pool/x/snap"))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void manyConcurrentShortReadsOpenAndCloseTheImageSafely() throws Exception {
        // Thousands of open/close cycles at a snapshot: librbd 16.2 crashes on these when the
        // snapshot is opened directly, so this guards the way the store opens images.
        GeneratedImage image = GeneratedImage.of(12, 3L * MIB + 13);
        String location = store.add(UUID.randomUUID().toString(), image.openStream(), image.size()).location();
        ExecutorService executor = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                SplittableRandom random = new SplittableRandom(t);
                tasks.add(executor.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        long offset = random.nextLong(image.size());
                        int length = (int) Math.min(random.nextInt(1, 100_000), image.size() - offset);
                        try (ImageData in = store.get(location, offset, length)) {
                            assertThat(in.readAllBytes()).isEqualTo(image.bytes(offset, length));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(4, TimeUnit.MINUTES);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static String watchers(String image) {
        String json = cluster.rbd("status", "--format", "json", POOL + "/" + image);
        // {"watchers":[...]}: only the list matters.
        return json.replaceAll("(?s).*\"watchers\":\\[(.*?)].*", "$1").trim();
    }

    /** 8 MiB chunks, random where true, zeros where false. */
    private static byte[] chunks(boolean... filled) {
        byte[] data = new byte[filled.length * 8 * MIB];
        for (int i = 0; i < filled.length; i++) {
            if (filled[i]) {
                System.arraycopy(GeneratedImage.of(100 + i, 8L * MIB).toByteArray(), 0, data, i * 8 * MIB, 8 * MIB);
            }
        }
        return data;
    }
}
