package io.glancestore.memory;

import io.glancestore.spi.AbstractStoreDriverProvider;
import java.util.Set;

/**
 * Provides the {@code memory} store type, for tests of multi-store configurations. Option:
 * {@code memory_store_capacity} in bytes (unbounded by default).
 */
public final class InMemoryStoreProvider extends AbstractStoreDriverProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public InMemoryStoreProvider() {
        super(MemoryLocation.SCHEME, InMemoryStoreDriver.OPTIONS, InMemoryStoreDriver::validate,
                InMemoryStoreDriver::open, Set.of(MemoryLocation.SCHEME), MemoryLocation::parse);
    }
}
