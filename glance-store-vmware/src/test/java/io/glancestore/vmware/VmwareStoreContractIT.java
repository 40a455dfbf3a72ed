package io.glancestore.vmware;

import io.glancestore.ImageStore;
import io.glancestore.tck.ImageStoreContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The vmware store honours the contract of every image store against vcsim, images past 2 GiB
 * included. What a test added is removed from the datastore folder after it.
 */
class VmwareStoreContractIT extends ImageStoreContractTest {

    @Override
    protected ImageStore createStore() {
        VcsimServer vcsim = VcsimServer.get();
        return vcsim.store().datastore(vcsim.datacenter(), vcsim.datastore(0), 0).build();
    }

    @Override
    protected void destroyStore(ImageStore store) throws IOException {
        store.close();
        VcsimServer vcsim = VcsimServer.get();
        Path images = vcsim.datastoreDir(vcsim.datastore(0)).resolve("openstack_glance");
        if (Files.isDirectory(images)) {
            try (Stream<Path> files = Files.walk(images)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    if (!p.equals(images)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
