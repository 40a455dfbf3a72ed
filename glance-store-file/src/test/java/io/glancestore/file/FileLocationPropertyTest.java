package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.location.StoreLocation;
import io.glancestore.tck.LocationParserProperties;
import java.nio.file.Path;
import java.util.List;

/**
 * The file location parser has the properties of every location parser, and never accepts a
 * path with a {@code .} or {@code ..} segment that could leave a folder.
 */
class FileLocationPropertyTest extends LocationParserProperties {

    @Override
    protected StoreLocation parse(String uri) {
        return FileLocation.parse(uri);
    }

    @Override
    protected List<String> validLocations() {
        return List.of("file:///var/lib/glance/images/1d2c", "filesystem:///srv/images/abc");
    }

    @Override
    protected void checkAccepted(StoreLocation location) {
        Path path = ((FileLocation) location).path();
        assertThat(path.isAbsolute()).isTrue();
        assertThat(path.normalize()).as("no '.' or '..' that could leave a folder").isEqualTo(path);
    }
}
