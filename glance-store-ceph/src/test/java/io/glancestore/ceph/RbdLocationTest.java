package io.glancestore.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.location.StoreLocation;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RbdLocationTest {

    /** Input, decoded parts, and the URI glance_store's StoreLocation writes back (checked against it). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rbd://7c9d-11e1/images/6d3b/snap | 7c9d-11e1 | images | 6d3b | snap | rbd://7c9d-11e1/images/6d3b/snap",
        "rbd://fs%2fid/po%20ol/im%3aage/sn%40ap | fs/id | po ol | im:age | sn@ap | rbd://fs%2Fid/po%20ol/im%3Aage/sn%40ap",
        "rbd://f/p/%C3%AFmage/snap | f | p | \u00efmage | snap | rbd://f/p/%C3%AFmage/snap",
        "rbd://f/p/a%2Bb+c/snap | f | p | a+b+c | snap | rbd://f/p/a%2Bb%2Bc/snap",
    })
    void parsesFullLocationsAsGlanceStore(String uri, String fsid, String pool, String image, String snapshot,
            String written) {
        RbdLocation location = RbdLocation.parse(uri);

        assertThat(location.isLegacy()).isFalse();
        assertThat(location.fsid()).contains(fsid);
        assertThat(location.pool()).contains(pool);
        assertThat(location.image()).isEqualTo(image);
        assertThat(location.snapshot()).contains(snapshot);
        assertThat(location.uri()).isEqualTo(written);
        assertThat(location.maskedUri()).isEqualTo(written);
        assertThat(location).hasToString(written);
        assertThat(location.scheme()).isEqualTo("rbd");
        assertThat(RbdLocation.parse(written)).isEqualTo(location).hasSameHashCodeAs(location);
    }

    /** Parts and the URI glance_store writes for them (checked against it). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "f s/id | p~o_o.l- | im:age@1 | snap% | rbd://f%20s%2Fid/p~o_o.l-/im%3Aage%401/snap%25",
        "fsid | images | \u00efmage | snap | rbd://fsid/images/%C3%AFmage/snap",
        "a | b | c+d=e&f?g#h | snap | rbd://a/b/c%2Bd%3De%26f%3Fg%23h/snap",
    })
    void formatsAndRoundTrips(String fsid, String pool, String image, String snapshot, String uri) {
        RbdLocation location = RbdLocation.of(fsid, pool, image, snapshot);

        assertThat(location.uri()).isEqualTo(uri);
        assertThat(RbdLocation.parse(uri)).isEqualTo(location);
        assertThat(RbdLocation.parse(uri).image()).isEqualTo(image);
    }

    /** The legacy image name is literal: glance_store neither unquotes nor quotes it. */
    @ParameterizedTest
    @ValueSource(strings = {"img", "image-1.raw", "a%20b", "a b"})
    void legacyNamesAreTakenLiterally(String image) {
        RbdLocation location = RbdLocation.parse("rbd://" + image);

        assertThat(location.isLegacy()).isTrue();
        assertThat(location.image()).isEqualTo(image);
        assertThat(location.fsid()).isEqualTo(Optional.empty());
        assertThat(location.pool()).isEmpty();
        assertThat(location.snapshot()).isEmpty();
        assertThat(location.uri()).isEqualTo("rbd://" + image);
        assertThat(RbdLocation.legacy(image)).isEqualTo(location);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "rbd://", "rbd://a/b", "rbd://a/b/c", "rbd://a/b/c/d/e", "rbd://a//c/d", "rbd:///b/c/d", "rbd://a/b/c/",
        "rbd://a%zz/b/c/d", "rbd://a%2/b/c/d", "rbd://a/b/c/d%", "rbd://a/b/%FF/d", "rbd://a/b/c%00/d",
        "rbd://a/b/c%0D%0A/d", "rbd://im\nage", "rbd://im\u0000age", "RBD://img", "rbd:img", "file:///img",
    })
    void refusesMalformedLocations(String uri) {
        assertThatThrownBy(() -> RbdLocation.parse(uri))
                .isInstanceOf(BadStoreUriException.class)
                .hasMessageStartingWith("invalid rbd location")
                .hasMessageNotContaining("\n");
    }

    @Test
    void refusesBadParts() {
        assertThatThrownBy(() -> RbdLocation.parse(null)).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> RbdLocation.of("f", "", "i", "s")).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> RbdLocation.of("f", "p", "i\n", "s")).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> RbdLocation.legacy("a/b")).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> RbdLocation.legacy("")).isInstanceOf(BadStoreUriException.class);
    }
}
