package io.glancestore.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.ImageStore;
import io.glancestore.exception.StorageFullException;
import io.glancestore.tck.GeneratedImage;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * A pool out of room (its quota used up): an add fails with StorageFullException and leaves no
 * image, rather than waiting, as librados would by default, until someone makes room.
 */
class StorageFullIT {

    private static final String POOL = "quota";
    private static final int MIB = 1 << 20;

    private static CephCluster cluster;
    private static CephAdmin admin;

    @BeforeAll
    static void fillPool() throws Exception {
        cluster = CephCluster.get();
        cluster.createPool(POOL);
        admin = new CephAdmin(cluster, POOL);
        setQuota(0);
        admin.removeAll();
        setQuota(16 * MIB);
        try (RbdStore store = cluster.store(POOL).build()) {
            GeneratedImage filler = GeneratedImage.of(1, 24L * MIB);
            store.add("filler", filler.openStream(), filler.size());
        }
        awaitFull(true);
    }

    @AfterAll
    static void emptyPool() throws Exception {
        if (admin != null) {
            setQuota(0);
            admin.removeAll();
            admin.close();
        }
    }

    /** Sets the pool's quota (0: none) and waits for the monitors to flag the pool accordingly. */
    private static void setQuota(long bytes) throws InterruptedException {
        cluster.ceph("osd", "pool", "set-quota", POOL, "max_bytes", Long.toString(bytes));
        if (bytes == 0) {
            awaitFull(false);
        }
    }

    /** The monitors flag a pool full once its OSDs have reported the usage: wait for that. */
    private static void awaitFull(boolean full) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (isFull() != full) {
            assertThat(System.nanoTime()).as("pool %s flagged %s", POOL, full ? "full" : "not full")
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static boolean isFull() {
        return cluster.ceph("osd", "pool", "ls", "detail").matches("(?s).*'" + POOL + "'[^\n]*full_quota.*");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = ThreadMode.SEPARATE_THREAD)
    void anAddToAFullPoolIsStorageFullAndLeavesNothing() throws Exception {
        GeneratedImage image = GeneratedImage.of(2, 12L * MIB);
        try (RbdStore store = cluster.store(POOL).build()) {
            for (long declared : new long[] {image.size(), ImageStore.UNKNOWN_SIZE}) {
                String id = UUID.randomUUID().toString();
                assertThatThrownBy(() -> store.add(id, image.openStream(), declared))
                        .isInstanceOf(StorageFullException.class);
                assertThat(admin.images()).containsExactly("filler");
            }
        }
    }
}
