package io.glancestore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.location.StoreLocation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileLocationTest {

    /** Input, path, and the URI glance_store's StoreLocation writes back (checked against it). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "file:///var/lib/glance/images/6d3b7a5c-2f4e-4a8b-9c1d-0e2f3a4b5c6d | /var/lib/glance/images/6d3b7a5c-2f4e-4a8b-9c1d-0e2f3a4b5c6d | file:///var/lib/glance/images/6d3b7a5c-2f4e-4a8b-9c1d-0e2f3a4b5c6d",
        "filesystem:///var/lib/glance/images/abc | /var/lib/glance/images/abc | file:///var/lib/glance/images/abc",
        "'file:///srv/a b%20c/\u00e9t\u00e9' | '/srv/a b%20c/\u00e9t\u00e9' | 'file:///srv/a b%20c/\u00e9t\u00e9'",
        "file:///a:b@c/d;e=f | /a:b@c/d;e=f | file:///a:b@c/d;e=f",
    })
    void parsesAsGlanceStore(String uri, String path, String written) {
        FileLocation location = FileLocation.parse(uri);

        assertThat(location.path()).isEqualTo(Path.of(path));
        assertThat(location.uri()).isEqualTo(written);
        assertThat(location.scheme()).isEqualTo("file");
        assertThat(location.maskedUri()).isEqualTo(written);
        assertThat(location).hasToString(written);
        assertThat(FileLocation.parse(written)).isEqualTo(location).hasSameHashCodeAs(location);
    }

    @Test
    void formatsAPathAsFileSlashSlashPath() {
        FileLocation location = FileLocation.of(Path.of("/var/lib/glance/images/abc"));

        assertThat(location.uri()).isEqualTo("file:///var/lib/glance/images/abc");
        assertThat(FileLocation.parse(location.uri())).isEqualTo(location);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "file://", "file:///", "filesystem://", "file://relative/path", "file://host/var/x", "file:relative",
        "FILE:///var/x", "http:///var/x", " file:///var/x", "file:///var/x ", "file:///var/x\u00a0",
        "file:///var/x?y", "file:///var/x#y", "file:///var/\nx", "file:///var/x\r", "file:///var/\u0000x",
        "file:///var/\u0085x", "file:///var/../etc/passwd", "file:///var/./x", "file:///var/x/..",
        "file:////var/x", "file:///var//x", "file:///var/x/", "file:///var/\ud800x",
    })
    void refusesWhatGlanceStoreWouldMisreadOrThatCouldEscape(String uri) {
        assertThatThrownBy(() -> FileLocation.parse(uri))
                .isInstanceOf(BadStoreUriException.class)
                .hasMessageStartingWith("invalid file location")
                .hasMessageNotContaining("\n").hasMessageNotContaining("\r");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> FileLocation.parse(null)).isInstanceOf(BadStoreUriException.class);
    }

    @Test
    void refusesRelativeOrDottedPaths() {
        assertThatThrownBy(() -> FileLocation.of(Path.of("images/abc"))).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> FileLocation.of(Path.of("/var/../etc"))).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> FileLocation.of(Path.of("/"))).isInstanceOf(BadStoreUriException.class);
    }
}
