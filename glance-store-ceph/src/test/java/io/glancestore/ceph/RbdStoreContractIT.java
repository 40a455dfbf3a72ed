package io.glancestore.ceph;

import io.glancestore.ImageStore;
import io.glancestore.tck.ImageStoreContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The rbd store honours the contract of every image store against a real cluster, images past
 * 2 GiB included. Each test starts from an empty pool of its own.
 */
class RbdStoreContractIT extends ImageStoreContractTest {

    private static final String POOL = "contract";
    private static CephAdmin admin;

    @BeforeAll
    static void createPool() {
        CephCluster cluster = CephCluster.get();
        cluster.createPool(POOL);
        admin = new CephAdmin(cluster, POOL);
        admin.removeAll();
    }

    @AfterAll
    static void closeAdmin() {
        if (admin != null) {
            admin.close();
        }
    }

    @Override
    protected ImageStore createStore() {
        return CephCluster.get().store(POOL).build();
    }

    @Override
    protected void destroyStore(ImageStore store) {
        store.close();
        // The OSD keeps data in memory: what a test added must not outlive it.
        admin.removeAll();
    }
}
