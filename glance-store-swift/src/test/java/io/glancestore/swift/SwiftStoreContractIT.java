package io.glancestore.swift;

import io.glancestore.ImageStore;
import io.glancestore.tck.ImageStoreContractTest;

/**
 * The swift store honours the contract of every image store against a real Swift, with segments
 * of 4 Glance MB (4,096,000 bytes) from 2 MB on, so that the multi-MiB cases and every add of
 * unknown size go through Dynamic Large Objects, and the 2 GiB image through some 525 segments.
 * Each test starts from an empty container.
 */
class SwiftStoreContractIT extends ImageStoreContractTest {

    private static final String CONTAINER = "contract";

    @Override
    protected ImageStore createStore() {
        SwiftServer server = SwiftServer.get();
        server.removeContainer(CONTAINER);
        return server.store(CONTAINER).option("swift_store_large_object_chunk_size", "4").build();
    }

    @Override
    protected void destroyStore(ImageStore store) {
        store.close();
        SwiftServer.get().removeContainer(CONTAINER);
    }
}
