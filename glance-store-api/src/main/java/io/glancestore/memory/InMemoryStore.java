package io.glancestore.memory;

import io.glancestore.ImageStore;
import io.glancestore.spi.StoreBuilder;

/**
 * An image store held in memory, for users' own tests: it behaves like every other store (same
 * API layer, same errors, passes the same contract test kit) but needs no server. Its capacity
 * can be bounded to exercise {@link io.glancestore.exception.StorageFullException} paths.
 * Registered as store type {@code memory}, with option {@code memory_store_capacity} (bytes).
 *
 * <p>It is written as every driver is, and is the smallest example of one: a driver with its
 * write session ({@code InMemoryStoreDriver}), a location type ({@link MemoryLocation}), an
 * option list and a provider ({@link InMemoryStoreProvider}), and this builder.
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
        return builder().build();
    }

    /**
     * An in-memory store.
     *
     * @param id the store id (part of its locations)
     * @param capacityBytes how many image bytes it holds before reporting storage full
     * @return the store
     */
    public static ImageStore create(String id, long capacityBytes) {
        return builder().id(id).capacity(capacityBytes).build();
    }

    /**
     * Starts configuring an in-memory store.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures an in-memory store; its id defaults to {@code memory}. */
    public static final class Builder extends StoreBuilder<Builder, ImageStore> {

        private Builder() {
            super(MemoryLocation.SCHEME, InMemoryStoreDriver::open, (store, driver) -> store);
        }

        /**
         * Bounds the bytes the store holds ({@code memory_store_capacity}).
         *
         * @param bytes zero or more; unbounded by default
         * @return this builder
         */
        public Builder capacity(long bytes) {
            return option(InMemoryStoreDriver.CAPACITY, bytes);
        }
    }
}
