package io.glancestore.memory;

import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOptions;

/**
 * Provides the {@code memory} store type, for tests of multi-store configurations. Option:
 * {@code memory_store_capacity} in bytes (unbounded by default).
 */
public final class InMemoryStoreProvider implements StoreDriverProvider {

    @Override
    public String type() {
        return MemoryLocation.SCHEME;
    }

    @Override
    public StoreDriver create(StoreOptions options) {
        long capacity = options.integer("memory_store_capacity", Long.MAX_VALUE, 0, Long.MAX_VALUE);
        return new InMemoryStoreDriver(options.storeId(), capacity);
    }
}
