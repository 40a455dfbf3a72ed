package io.glancestore.memory;

import io.glancestore.ImageStore;
import io.glancestore.ImageStores;

/**
 * An image store held in memory, for users' own tests: it behaves like every other store (same
 * API layer, same errors, passes the same contract test kit) but needs no server. Its capacity
 * can be bounded to exercise {@link io.glancestore.exception.StorageFullException} paths.
 * Registered as store type {@code memory}, with option {@code memory_store_capacity} (bytes).
 */
public final class InMemoryStore {

    private InMemoryStore() {
    }

    /**
     * An unbounded in-memory store with id {@code memory}.
     *
     * @return the store
     */
    public static ImageStore create() {
        return create("memory", Long.MAX_VALUE);
    }

    /**
     * An in-memory store.
     *
     * @param id the store id (part of its locations)
     * @param capacityBytes how many image bytes it holds before reporting storage full
     * @return the store
     */
    public static ImageStore create(String id, long capacityBytes) {
        return ImageStores.builder(new InMemoryStoreDriver(id, capacityBytes)).id(id).build();
    }
}
