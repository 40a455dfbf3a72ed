package io.glancestore.ceph.internal;

import com.ceph.rbd.Rbd;
import com.ceph.rbd.RbdException;
import com.ceph.rbd.RbdImage;
import com.sun.jna.Pointer;
import io.glancestore.ceph.RbdLocation;
import io.glancestore.spi.WriteSession;
import io.glancestore.spi.WrittenImage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One image being written. The API layer's chunks are gathered into native buffers of the write
 * size (so each librbd request is as large as the configuration asks, whatever the size of the
 * API layer's chunks), and each full buffer is written with an asynchronous librbd request: up to
 * {@link #MAX_IN_FLIGHT} buffers travel to the OSDs while the caller fills the next; the caller
 * only waits when every buffer is in flight. Memory: at most {@link #MAX_IN_FLIGHT} native
 * buffers of the write size, outside the Java heap, borrowed from {@link NativeBuffers}. The image is readable only through its snapshot, which commit creates last, so no
 * reader of the location sees a partial image. Abort removes the image and anything commit made.
 */
final class RbdWrite implements WriteSession {

    private static final Logger LOG = LoggerFactory.getLogger(RbdWrite.class);

    /** Native buffers per write: one filling, the others in flight to the OSDs. */
    static final int MAX_IN_FLIGHT = NativeBuffers.MAX_PER_TRANSFER;

    private static final byte[] ZEROS = new byte[64 * 1024];

    private final Rbd rbd;
    private final ImageHandles handles;
    private final String pool;
    private final String name;
    private final String fsid;
    private final boolean thinProvisioning;
    private final int slotSize;
    private final GrowthSchedule growth;
    private final ArrayDeque<AioSlot> inFlight = new ArrayDeque<>();
    private final ArrayDeque<AioSlot> idle = new ArrayDeque<>();
    private RbdImage image;
    private long imageSize;
    private long offset;
    private final NativeBuffers.Lease slots;
    private boolean finished;
    /** The buffer being filled, its first byte's offset in the image, and its bytes so far. */
    private AioSlot filling;
    private long fillingOffset;
    private int filled;

    /**
     * Takes over a freshly created, open image.
     *
     * @param rbd the pool's RBD handle
     * @param handles closes the image
     * @param image the open image
     * @param pool the pool
     * @param fsid the cluster's fsid, for the location
     * @param initialSize the size the image was created with: the declared size, or 0 when unknown
     * @param sizeKnown whether the size was declared; otherwise the image grows as it is written
     * @param config the store configuration
     */
    RbdWrite(Rbd rbd, ImageHandles handles, RbdImage image, String pool, String fsid, long initialSize,
            boolean sizeKnown, RbdStoreConfig config) {
        this.rbd = rbd;
        this.handles = handles;
        this.image = image;
        this.pool = pool;
        this.name = image.getName();
        this.fsid = fsid;
        this.imageSize = initialSize;
        this.growth = sizeKnown ? null : new GrowthSchedule(config.chunkSize());
        this.thinProvisioning = config.thinProvisioning();
        this.slotSize = NativeBuffers.SLOT_SIZE;
        this.slots = NativeBuffers.shared().lease("write of image " + name);
    }

    @Override
    public synchronized void write(byte[] data, int off, int length) throws IOException {
        if (finished || image == null) {
            throw new IllegalStateException("write of image " + name + " already finished");
        }
        if (length == 0) {
            return;
        }
        if (thinProvisioning && allZero(data, off, length)) {
            // Unwritten RBD extents read as zeros: skipping the write leaves them unallocated.
            send();
            offset += length;
            return;
        }
        while (length > 0) {
            if (filling == null) {
                filling = nextSlot();
                fillingOffset = offset;
                filled = 0;
            }
            int n = Math.min(length, slotSize - filled);
            filling.buffer().write(filled, data, off, n);
            filled += n;
            offset += n;
            off += n;
            length -= n;
            if (filled == slotSize) {
                send();
            }
        }
    }

    /** Starts the write of the buffer being filled, if it holds anything. */
    private void send() throws IOException {
        if (filling == null) {
            return;
        }
        AioSlot slot = filling;
        filling = null;
        if (filled == 0) {
            idle.add(slot);
            return;
        }
        long end = fillingOffset + filled;
        try {
            if (end > imageSize) {
                grow(end);
            }
        } catch (RuntimeException | IOException e) {
            idle.add(slot);
            throw e;
        }
        int r = slot.startWrite(pointer(), fillingOffset, filled);
        if (r < 0) {
            idle.add(slot);
            throw CephErrors.forWrite(r, "writing image " + name + " at offset " + fillingOffset);
        }
        inFlight.add(slot);
    }

    @Override
    public synchronized WrittenImage commit(long size) throws IOException {
        if (finished || image == null) {
            throw new IllegalStateException("write of image " + name + " already finished");
        }
        send();
        drain();
        try {
            if (size != imageSize) {
                // Trims the growth overshoot, or extends over skipped trailing zero chunks.
                image.resize(size);
                imageSize = size;
            }
            check(NativeCeph.Rbd.LIB.rbd_flush(pointer()), "flushing image " + name);
            image.snapCreate(RbdStoreDriver.SNAPSHOT);
            image.snapProtect(RbdStoreDriver.SNAPSHOT);
        } catch (RbdException e) {
            throw translate(e, "publishing image " + name);
        }
        closeImage();
        finished = true;
        releaseSlots();
        return WrittenImage.at(RbdLocation.of(fsid, pool, name, RbdStoreDriver.SNAPSHOT));
    }

    @Override
    public synchronized void abort() {
        if (finished) {
            return;
        }
        finished = true;
        if (filling != null) {
            idle.add(filling);
            filling = null;
        }
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.debug("write of image {} failed while aborting: {}", name, e.toString());
        }
        releaseSlots();
        try {
            closeImage();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing aborted image {} failed: {}", name, e.toString());
        }
        // Also takes away the snapshot when commit failed after creating it.
        RbdStoreDriver.discard(rbd, handles, pool, name);
    }

    private void grow(long needed) throws IOException {
        if (growth == null) {
            // The API layer stops data beyond the declared size before it reaches the driver.
            throw new IllegalStateException("image " + name + " of declared size " + imageSize
                    + " would need " + needed + " bytes");
        }
        // Resizing with writes in flight would race them against the new extent.
        drain();
        long newSize = growth.grow(imageSize, needed);
        try {
            image.resize(newSize);
        } catch (RbdException e) {
            throw translate(e, "growing image " + name + " to " + newSize + " bytes");
        }
        imageSize = newSize;
    }

    private AioSlot nextSlot() throws IOException {
        AioSlot slot = idle.poll();
        if (slot != null) {
            return slot;
        }
        slot = slots.take();
        if (slot != null) {
            return slot;
        }
        // Ours come back as their requests complete: the oldest first.
        slot = inFlight.remove();
        complete(slot);
        return slot;
    }

    /** Waits for every request in flight; the first failure is thrown after all finished. */
    private void drain() {
        RuntimeException first = null;
        while (!inFlight.isEmpty()) {
            AioSlot slot = inFlight.remove();
            try {
                complete(slot);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
            idle.add(slot);
        }
        if (first != null) {
            throw first;
        }
    }

    private void complete(AioSlot slot) {
        long r = slot.await();
        if (r < 0) {
            throw CephErrors.forWrite((int) r, "writing image " + name + " at offset " + slot.offset());
        }
    }

    private void releaseSlots() {
        for (AioSlot slot : idle) {
            slots.giveBack(slot);
        }
        idle.clear();
    }

    private void closeImage() throws IOException {
        RbdImage open = image;
        image = null;
        if (open != null) {
            handles.close(rbd, open);
        }
    }

    private Pointer pointer() {
        return image.getPointer();
    }

    private void check(int r, String action) {
        if (r < 0) {
            throw CephErrors.forWrite(r, action);
        }
    }

    private static RuntimeException translate(RbdException e, String action) {
        RuntimeException failure = CephErrors.forWrite(e.getReturnValue(), action);
        failure.initCause(e);
        return failure;
    }

    static boolean allZero(byte[] data, int off, int length) {
        for (int at = off, end = off + length; at < end; at += ZEROS.length) {
            int n = Math.min(ZEROS.length, end - at);
            if (Arrays.mismatch(data, at, at + n, ZEROS, 0, n) >= 0) {
                return false;
            }
        }
        return true;
    }
}
