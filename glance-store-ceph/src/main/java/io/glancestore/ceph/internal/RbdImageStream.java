package io.glancestore.ceph.internal;

import com.ceph.rbd.Rbd;
import com.ceph.rbd.RbdImage;
import io.glancestore.support.BulkInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a range of an image with read-ahead: up to {@link #DEPTH} asynchronous librbd reads
 * into native buffers are kept in flight ahead of the caller, so the OSD round trips overlap
 * with the caller's consumption instead of adding up. Requests start at the first read, not at
 * open, so opening many streams or reading a few bytes costs no more than needed. Memory: at most
 * {@link NativeBuffers#MAX_PER_TRANSFER} native buffers of 1 MiB, lent by {@link NativeBuffers}
 * and given back at close. Closing waits for the requests in flight and closes the image, which
 * must never be left open.
 */
final class RbdImageStream extends BulkInputStream {

    private static final Logger LOG = LoggerFactory.getLogger(RbdImageStream.class);

    /** Requests in flight per stream, besides the buffer the caller reads from. */
    static final int DEPTH = NativeBuffers.MAX_PER_TRANSFER - 1;

    private final Rbd rbd;
    private final ImageHandles handles;
    private final String description;
    private final int requestSize;
    private final long end;
    private final ArrayDeque<AioSlot> pending = new ArrayDeque<>();
    private final ArrayDeque<AioSlot> idle = new ArrayDeque<>();
    private RbdImage image;
    private long next;
    private final NativeBuffers.Lease slots;
    private AioSlot current;
    private int position;

    /**
     * Takes over an open image.
     *
     * @param rbd the pool's RBD handle, to close the image
     * @param handles closes the image
     * @param image the image, open read-only at the location's snapshot
     * @param description the image, for messages
     * @param offset first byte to deliver
     * @param length bytes to deliver
     * @param requestSize bytes per read request
     */
    RbdImageStream(Rbd rbd, ImageHandles handles, RbdImage image, String description, long offset, long length,
            int requestSize) {
        this.rbd = rbd;
        this.handles = handles;
        this.image = image;
        this.description = description;
        this.slots = NativeBuffers.shared().lease("read of " + description);
        this.next = offset;
        this.end = offset + length;
        this.requestSize = Math.min(requestSize, NativeBuffers.SLOT_SIZE);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (image == null) {
            throw new IOException(description + ": stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        current.buffer().read(position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public synchronized long transferTo(OutputStream out) throws IOException {
        return transferInReadsOf(Objects.requireNonNull(out, "out"), 256 * 1024);
    }

    @Override
    public synchronized int available() {
        return current == null ? 0 : current.length() - position;
    }

    /** Makes {@link #current} hold unread bytes; false at the end of the range. */
    private boolean fill() throws IOException {
        if (current != null && position < current.length()) {
            return true;
        }
        if (current != null) {
            idle.add(current);
            current = null;
        }
        startReads();
        AioSlot slot = pending.poll();
        if (slot == null) {
            return false;
        }
        long r = slot.await();
        if (r != slot.length()) {
            idle.add(slot);
            if (r < 0) {
                throw new IOException(description + ": reading at offset " + slot.offset() + " failed: "
                        + CephErrors.describe((int) r), CephErrors.forOperation((int) r, "reading " + description));
            }
            throw new IOException(description + ": read at offset " + slot.offset() + " returned " + r
                    + " of " + slot.length() + " bytes");
        }
        current = slot;
        position = 0;
        startReads();
        return true;
    }

    private void startReads() throws IOException {
        while (next < end && pending.size() < DEPTH) {
            AioSlot slot = idle.poll();
            if (slot == null) {
                slot = slots.take();
                if (slot == null) {
                    return; // ours come back as the caller reads on
                }
            }
            int n = (int) Math.min(requestSize, end - next);
            int r = slot.startRead(image.getPointer(), next, n);
            if (r < 0) {
                idle.add(slot);
                throw new IOException(description + ": reading at offset " + next + " failed: " + CephErrors.describe(r),
                        CephErrors.forOperation(r, "reading " + description));
            }
            pending.add(slot);
            next += n;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (image == null) {
            return;
        }
        for (AioSlot slot : pending) {
            slot.await();
            idle.add(slot);
        }
        pending.clear();
        if (current != null) {
            idle.add(current);
            current = null;
        }
        for (AioSlot slot : idle) {
            slots.giveBack(slot);
        }
        idle.clear();
        RbdImage open = image;
        image = null;
        try {
            handles.close(rbd, open);
        } catch (IOException e) {
            LOG.warn("{}: closing the image failed: {}", description, e.getMessage());
            throw e;
        }
    }
}
