package io.glancestore.memory;

import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOption;
import io.glancestore.spi.StoreOptions;
import io.glancestore.location.StoreLocation;
import java.util.List;
import java.util.Set;

/**
 * Provides the {@code memory} store type, for tests of multi-store configurations. Option:
 * {@code memory_store_capacity} in bytes (unbounded by default).
 */
public final class InMemoryStoreProvider implements StoreDriverProvider {

    /** Bytes the store may hold. */
    static final StoreOption<Long> CAPACITY = StoreOption.integer("memory_store_capacity", Long.MAX_VALUE, 0,
            Long.MAX_VALUE).describedAs("bytes the store may hold; unbounded by default");

    @Override
    public String type() {
        return MemoryLocation.SCHEME;
    }

    @Override
    public List<StoreOption<?>> options() {
        return List.of(CAPACITY);
    }

    @Override
    public void validate(StoreOptions options) {
        CAPACITY.read(options);
    }

    @Override
    public Set<String> locationSchemes() {
        return Set.of(MemoryLocation.SCHEME);
    }

    @Override
    public StoreLocation parseLocation(String uri) {
        return MemoryLocation.parse(uri);
    }

    @Override
    public StoreDriver create(StoreOptions options) {
        return new InMemoryStoreDriver(options.storeId(), CAPACITY.read(options));
    }
}
