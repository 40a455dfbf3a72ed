package io.glancestore.ceph.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * One native buffer and the asynchronous librbd request that uses it. The buffer lives outside
 * the Java heap, so a small heap is not filled by data in flight, and librbd reads or writes it
 * directly. A slot must be {@linkplain #await() awaited} before its buffer is reused or freed.
 * Slots come from the budgeted pool of {@link NativeBuffers}.
 */
final class AioSlot {

    private final Memory buffer;
    private Pointer completion;
    private long offset;
    private int length;

    AioSlot(int capacity) {
        this.buffer = new Memory(capacity);
    }

    Memory buffer() {
        return buffer;
    }

    long offset() {
        return offset;
    }

    int length() {
        return length;
    }

    boolean inFlight() {
        return completion != null;
    }

    /**
     * Starts writing the first {@code length} bytes of the buffer at {@code offset}.
     *
     * @return 0, or the negative errno of a request that could not start
     */
    int startWrite(Pointer image, long offset, int length) {
        return start(image, offset, length, true);
    }

    /**
     * Starts reading {@code length} bytes at {@code offset} into the buffer.
     *
     * @return 0, or the negative errno of a request that could not start
     */
    int startRead(Pointer image, long offset, int length) {
        return start(image, offset, length, false);
    }

    private int start(Pointer image, long offset, int length, boolean write) {
        if (completion != null) {
            throw new IllegalStateException("slot already in flight");
        }
        this.offset = offset;
        this.length = length;
        PointerByReference ref = new PointerByReference();
        int r = NativeCeph.Rbd.LIB.rbd_aio_create_completion(null, null, ref);
        if (r < 0) {
            return r;
        }
        Pointer c = ref.getValue();
        r = write ? NativeCeph.Rbd.LIB.rbd_aio_write(image, offset, length, buffer, c)
                : NativeCeph.Rbd.LIB.rbd_aio_read(image, offset, length, buffer, c);
        if (r < 0) {
            NativeCeph.Rbd.LIB.rbd_aio_release(c);
            return r;
        }
        completion = c;
        return 0;
    }

    /**
     * Waits for the request to finish and releases it.
     *
     * @return the request's result: bytes transferred, or a negative errno
     */
    long await() {
        Pointer c = completion;
        if (c == null) {
            throw new IllegalStateException("slot not in flight");
        }
        // Not interruptible: the buffer must outlive the request, whatever the caller wants.
        NativeCeph.Rbd.LIB.rbd_aio_wait_for_complete(c);
        long result = NativeCeph.Rbd.LIB.rbd_aio_get_return_value(c);
        NativeCeph.Rbd.LIB.rbd_aio_release(c);
        completion = null;
        return result;
    }

    /** Frees the buffer now rather than at garbage collection; only when not in flight. */
    void free() {
        if (completion != null) {
            throw new IllegalStateException("slot still in flight");
        }
        buffer.close();
    }
}
