package io.glancestore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.ceph.RbdLocation;
import io.glancestore.exception.BadStoreUriException;
import io.glancestore.exception.UnknownSchemeException;
import io.glancestore.file.FileLocation;
import io.glancestore.location.Locations;
import io.glancestore.s3.S3Location;
import io.glancestore.swift.SwiftLocation;
import io.glancestore.vmware.VsphereLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With every driver on the class path, as a configured service has them, {@link Locations} finds
 * each scheme's store type and parser through the driver providers, and masks credentials the
 * same way for every scheme.
 */
class LocationsOfEveryDriverTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "file | file", "FILESYSTEM | file", "rbd | rbd", "swift | swift", "swift+http | swift",
        "swift+https | swift", "swift+config | swift", "vsphere | vmware", "s3 | s3", "s3+https | s3",
        "memory | memory",
    })
    void knowsTheStoreTypeOfEveryDriversSchemes(String scheme, String type) {
        assertThat(Locations.storeType(scheme)).hasValue(type);
        assertThat(Locations.storeType("cinder")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "file:///var/lib/glance/images/img | file:///var/lib/glance/images/img",
        "rbd://fsid/pool/img/snap | rbd://fsid/pool/img/snap",
        "swift://u:secret@h/c/o | swift://u:***@h/c/o",
        "swift+config://ref1/c/o | swift+config://ref1/c/o",
        "vsphere://vc/folder/openstack_glance/img?dsName=ds&dcPath=dc"
            + " | vsphere://vc/folder/openstack_glance/img?dsName=ds&dcPath=dc",
        "s3+https://AK:secret@h/b/k | s3+https://AK:***@h/b/k",
    })
    void parsesEveryDriversLocationsWithoutAStoreAndMasksTheirKeys(String uri, String masked) {
        assertThat(Locations.parse(uri).maskedUri()).isEqualTo(masked).isEqualTo(Locations.mask(uri));
        assertThat(Locations.parse(uri).toString()).doesNotContain("secret");
        assertThat(Locations.parse(uri).uri()).isEqualTo(uri);
    }

    @Test
    void givesEachDriversOwnLocationType() {
        assertThat(Locations.parse("file:///i/x")).isInstanceOf(FileLocation.class);
        assertThat(Locations.parse("rbd://x")).isInstanceOf(RbdLocation.class);
        assertThat(Locations.parse("swift://h/c/o")).isInstanceOf(SwiftLocation.class);
        assertThat(Locations.parse("vsphere://vc/folder/openstack_glance/i?dsName=d&dcPath=c"))
                .isInstanceOf(VsphereLocation.class);
        assertThat(Locations.parse("s3://h/b/k")).isInstanceOf(S3Location.class);
        assertThatThrownBy(() -> Locations.parse("rbd://a/b")).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> Locations.parse("cinder://u:secret@x/y")).isInstanceOf(UnknownSchemeException.class)
                .hasMessageNotContaining("secret");
    }
}
