package io.glancestore.swift;

import io.glancestore.location.StoreLocation;
import io.glancestore.tck.LocationParserProperties;
import java.util.List;

/** The SwiftLocation parser has the properties of every location parser. */
class SwiftLocationPropertyTest extends LocationParserProperties {

    @Override
    protected StoreLocation parse(String uri) {
        return SwiftLocation.parse(uri);
    }

    @Override
    protected List<String> validLocations() {
        return List.of("swift+https://account:user:key@auth.example.com/v3/glance/1d2c",
                "swift+http://[::1]:8080/v1/AUTH_x/glance/abc",
                "swift+config://ref1/glance/1d2c",
                "swift://example.com/v1/AUTH_x/c/o");
    }
}
