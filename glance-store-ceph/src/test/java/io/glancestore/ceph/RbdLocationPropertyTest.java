package io.glancestore.ceph;

import io.glancestore.location.StoreLocation;
import io.glancestore.tck.LocationParserProperties;
import java.util.List;

/** The RbdLocation parser has the properties of every location parser. */
class RbdLocationPropertyTest extends LocationParserProperties {

    @Override
    protected StoreLocation parse(String uri) {
        return RbdLocation.parse(uri);
    }

    @Override
    protected List<String> validLocations() {
        return List.of("rbd://fsid-1234/images/1d2c/snap",
                "rbd://1d2c");
    }
}
