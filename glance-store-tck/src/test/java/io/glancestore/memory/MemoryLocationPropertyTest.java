package io.glancestore.memory;

import io.glancestore.location.StoreLocation;
import io.glancestore.tck.LocationParserProperties;
import java.util.List;

/** The in-memory store's location parser has the properties of every location parser. */
class MemoryLocationPropertyTest extends LocationParserProperties {

    @Override
    protected StoreLocation parse(String uri) {
        return MemoryLocation.parse(uri);
    }

    @Override
    protected List<String> validLocations() {
        return List.of("memory://fast/img", "memory://m/1d2c-44");
    }
}
