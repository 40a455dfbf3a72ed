package io.glancestore.vmware.internal;

import io.glancestore.spi.WriteSession;
import io.glancestore.spi.WrittenImage;
import io.glancestore.vmware.VsphereLocation;

/**
 * One add: the body streams into a hidden temporary file of the datastore (from the caller's
 * thread, straight into the connection: no buffer of its own but the connection's);
 * prepareCommit ends the upload and awaits the server's answer while the API layer finishes
 * hashing; commit renames the file into place (refused if the image exists); abort drops the
 * connection and removes the temporary file.
 */
final class VmwareWrite implements WriteSession {

    private final VmwareStoreDriver driver;
    private final FolderClient.Upload upload;
    private final VsphereLocation staging;
    private final VsphereLocation location;
    private boolean sent;
    private boolean done;

    VmwareWrite(VmwareStoreDriver driver, FolderClient.Upload upload, VsphereLocation staging, VsphereLocation location) {
        this.driver = driver;
        this.upload = upload;
        this.staging = staging;
        this.location = location;
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        upload.write(data, offset, length);
    }

    @Override
    public void prepareCommit(long size) {
        if (!sent) {
            upload.finish();
            sent = true;
        }
    }

    @Override
    public WrittenImage commit(long size) {
        prepareCommit(size);
        driver.publish(staging, location);
        done = true;
        return WrittenImage.at(location);
    }

    @Override
    public void abort() {
        if (done) {
            return;
        }
        if (!sent) {
            upload.cancel();
        }
        driver.discard(staging);
    }
}
