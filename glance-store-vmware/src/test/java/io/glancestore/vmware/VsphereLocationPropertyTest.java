package io.glancestore.vmware;

import io.glancestore.location.StoreLocation;
import io.glancestore.tck.LocationParserProperties;
import java.util.List;

/** The VsphereLocation parser has the properties of every location parser. */
class VsphereLocationPropertyTest extends LocationParserProperties {

    @Override
    protected StoreLocation parse(String uri) {
        return VsphereLocation.parse(uri);
    }

    @Override
    protected List<String> validLocations() {
        return List.of("vsphere://vc.example.com/folder/openstack_glance/abc?dsName=ds1&dcPath=dc1",
                "vsphere://vc.example.com:8443/folder/openstack_glance/abc?dcPath=Folder%2FDC+1&dsName=ds+1");
    }
}
