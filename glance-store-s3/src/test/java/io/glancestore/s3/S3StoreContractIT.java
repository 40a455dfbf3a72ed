package io.glancestore.s3;

import io.glancestore.ImageStore;
import io.glancestore.tck.ImageStoreContractTest;

/**
 * The s3 store honours the contract of every image store against a real RADOS Gateway, with
 * parts of 5 MiB from 6 MiB on, 3 at a time, so that the multi-MiB cases and every add of
 * unknown size past one part go through multipart uploads, and the 2 GiB image through some 410
 * parts. The bucket is made once; what a test leaves (objects, uploads) is removed after it.
 */
class S3StoreContractIT extends ImageStoreContractTest {

    private static final String BUCKET = "contract";

    @Override
    protected ImageStore createStore() {
        return RgwServer.get().store(BUCKET).build();
    }

    @Override
    protected void destroyStore(ImageStore store) {
        store.close();
        RgwServer.get().empty(BUCKET);
    }
}
