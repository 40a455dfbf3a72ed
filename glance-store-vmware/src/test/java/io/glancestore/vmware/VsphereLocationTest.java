package io.glancestore.vmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.BadStoreUriException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VsphereLocationTest {

    /** Input; host, datastore path, dcPath and dsName as glance_store parses them; the URI we write. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "vsphere://vc.example.com/folder/openstack_glance/abc?dsName=ds1&dcPath=dc1 | vc.example.com"
            + " | /openstack_glance/abc | dc1 | ds1 | vsphere://vc.example.com/folder/openstack_glance/abc?dsName=ds1&dcPath=dc1",
        "vsphere://vc.example.com/folder/openstack_glance/abc?dcPath=Folder%2FDC+1&dsName=ds+1 | vc.example.com"
            + " | /openstack_glance/abc | Folder/DC 1 | ds 1"
            + " | vsphere://vc.example.com/folder/openstack_glance/abc?dsName=ds+1&dcPath=Folder%2FDC+1",
        "vsphere://[::1]:443/folder/openstack_glance/abc?dsName=ds1&dcPath=dc1 | [::1]:443 | /openstack_glance/abc"
            + " | dc1 | ds1 | vsphere://[::1]:443/folder/openstack_glance/abc?dsName=ds1&dcPath=dc1",
        "vsphere://10.0.0.1:8443/folder/images/glance/abc?dsName=datastore%201&dcPath=ha-datacenter | 10.0.0.1:8443"
            + " | /images/glance/abc | ha-datacenter | datastore 1"
            + " | vsphere://10.0.0.1:8443/folder/images/glance/abc?dsName=datastore+1&dcPath=ha-datacenter",
    })
    void parsesAsGlanceStore(String uri, String host, String path, String datacenterPath, String datastoreName,
            String written) {
        VsphereLocation location = VsphereLocation.parse(uri);

        assertThat(location.host()).isEqualTo(host);
        assertThat(location.path()).isEqualTo(path);
        assertThat(location.imageId()).isEqualTo("abc");
        assertThat(location.datacenterPath()).isEqualTo(datacenterPath);
        assertThat(location.datastoreName()).isEqualTo(datastoreName);
        assertThat(location.scheme()).isEqualTo("vsphere");
        assertThat(location.uri()).isEqualTo(written);
        assertThat(location.maskedUri()).isEqualTo(written);
        assertThat(location).hasToString(written);
        assertThat(location.httpsUrl()).isEqualTo("https" + written.substring("vsphere".length()));
        assertThat(VsphereLocation.parse(written)).isEqualTo(location).hasSameHashCodeAs(location);
    }

    /** Parts, and the URI and https URL glance_store writes for them (checked against it). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "vc.example.com | /openstack_glance | abc | Folder/DC 1 | ds 1+x"
            + " | vsphere://vc.example.com/folder/openstack_glance/abc?dsName=ds+1%2Bx&dcPath=Folder%2FDC+1",
        "::1 | /openstack_glance/ | abc | dc1 | ds1 | vsphere://[::1]/folder/openstack_glance/abc?dsName=ds1&dcPath=dc1",
        "10.0.0.1:8443 | images/glance | abc | ha-datacenter | datastore1 (1)"
            + " | vsphere://10.0.0.1:8443/folder/images/glance/abc?dsName=datastore1+%281%29&dcPath=ha-datacenter",
        "vc | / | abc | d\u00e9c | a&b=c%d | vsphere://vc/folder/abc?dsName=a%26b%3Dc%25d&dcPath=d%C3%A9c",
    })
    void formatsAsGlanceStore(String host, String imageDir, String imageId, String datacenterPath,
            String datastoreName, String uri) {
        VsphereLocation location = VsphereLocation.of(host, imageDir, imageId, datacenterPath, datastoreName);

        assertThat(location.uri()).isEqualTo(uri);
        assertThat(location.httpsUrl()).isEqualTo("https" + uri.substring("vsphere".length()));
        VsphereLocation parsed = VsphereLocation.parse(uri);
        assertThat(parsed).isEqualTo(location);
        assertThat(parsed.datacenterPath()).isEqualTo(datacenterPath);
        assertThat(parsed.datastoreName()).isEqualTo(datastoreName);
    }

    @Test
    void defaultsTheImageDirectory() {
        VsphereLocation location = VsphereLocation.of("vc", null, "abc", "dc", "ds");

        assertThat(location.path()).isEqualTo("/openstack_glance/abc");
        assertThat(location.httpsUrl()).isEqualTo("https://vc/folder/openstack_glance/abc?dsName=ds&dcPath=dc");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "vsphere://vc/folder/openstack_glance/abc", "vsphere://vc/folder/openstack_glance/abc?",
        "vsphere://vc/folder/openstack_glance/abc?dsName=ds1", "vsphere://vc/folder/openstack_glance/abc?dcPath=dc1",
        "vsphere://vc/folder/openstack_glance/abc?dsName=&dcPath=dc1",
        "vsphere://vc/folder/openstack_glance/abc?dsName=ds1&dcPath=dc1&dsName=ds2",
        "vsphere://vc/folder/openstack_glance/abc?dsName=ds1&dcPath=dc1&x=y",
        "vsphere://vc/folder/openstack_glance/abc?dsName=ds1&&dcPath=dc1",
        "vsphere://vc/folder/openstack_glance/abc?dsName=ds1&dcPath",
        "vsphere://vc/folder/openstack_glance/abc?dsName=ds%zz&dcPath=dc1",
        "vsphere://vc/folder/openstack_glance/abc?dsName=ds%0A&dcPath=dc1",
        "vsphere://vc/folder/openstack_glance/abc?dsName=ds1&dcPath=dc1#f",
        "vsphere://vc/folder/openstack_glance/abc?dsName=ds1&dcPath=dc1\r\n",
        "vsphere://vc/images/openstack_glance/abc?dsName=ds1&dcPath=dc1",
        "vsphere://vc/folder?dsName=ds1&dcPath=dc1", "vsphere://vc/folder/?dsName=ds1&dcPath=dc1",
        "vsphere://vc/folder/a//abc?dsName=ds1&dcPath=dc1", "vsphere://vc/folder/../abc?dsName=ds1&dcPath=dc1",
        "vsphere://vc/folder/a b?dsName=ds1&dcPath=dc1", "vsphere://vc/folder/a%2?dsName=ds1&dcPath=dc1",
        "vsphere://vc?dsName=ds1&dcPath=dc1", "vsphere:///folder/abc?dsName=ds1&dcPath=dc1",
        "vsphere://u:p@vc/folder/abc?dsName=ds1&dcPath=dc1", "vsphere://vc:0/folder/abc?dsName=ds1&dcPath=dc1",
        "vsphere://::1/folder/abc?dsName=ds1&dcPath=dc1", "VSPHERE://vc/folder/abc?dsName=ds1&dcPath=dc1",
    })
    void refusesMalformedLocations(String uri) {
        assertThatThrownBy(() -> VsphereLocation.parse(uri))
                .isInstanceOf(BadStoreUriException.class)
                .hasMessageStartingWith("invalid vsphere location")
                .hasMessageNotContaining("\n").hasMessageNotContaining(":p@");
    }

    @Test
    void refusesBadParts() {
        assertThatThrownBy(() -> VsphereLocation.parse(null)).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> VsphereLocation.of("vc", null, "a/b", "dc", "ds")).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> VsphereLocation.of("vc", null, "", "dc", "ds")).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> VsphereLocation.of("vc", null, "abc", "", "ds")).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> VsphereLocation.of("vc", null, "abc", "dc", "d\ns")).isInstanceOf(BadStoreUriException.class);
        assertThatThrownBy(() -> VsphereLocation.of("", null, "abc", "dc", "ds")).isInstanceOf(BadStoreUriException.class);
    }
}
