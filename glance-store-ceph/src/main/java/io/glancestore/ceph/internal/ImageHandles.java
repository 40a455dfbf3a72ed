package io.glancestore.ceph.internal;

import com.ceph.rbd.Rbd;
import com.ceph.rbd.RbdException;
import com.ceph.rbd.RbdImage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens and closes the store's RBD images, counting those open: shutting the cluster connection
 * down under an open image crashes the process, so the connection stays up while any is open.
 */
final class ImageHandles {

    private final AtomicInteger open = new AtomicInteger();

    /** Opens an image's head for reading and writing. */
    RbdImage open(Rbd rbd, String name) throws RbdException {
        RbdImage image = rbd.open(name);
        open.incrementAndGet();
        return image;
    }

    /** Opens an image's head read-only. */
    RbdImage openReadOnly(Rbd rbd, String name) throws RbdException {
        RbdImage image = rbd.openReadOnly(name);
        open.incrementAndGet();
        return image;
    }

    /**
     * Closes an image. A flush first lets the completions of the last asynchronous requests
     * finish with the image: they still touch it after waking their waiter, and a close right
     * then frees it under them.
     */
    void close(Rbd rbd, RbdImage image) throws RbdException {
        try {
            NativeCeph.Rbd.LIB.rbd_flush(image.getPointer());
            rbd.close(image);
        } finally {
            open.decrementAndGet();
        }
    }

    /** How many images are open now. */
    int openCount() {
        return open.get();
    }
}
