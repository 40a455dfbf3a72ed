package io.glancestore.ceph.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One native buffer and the asynchronous librbd request that uses it. The buffer lives outside
 * the Java heap, so a small heap is not filled by data in flight, and librbd reads or writes it
 * directly. A slot must be {@linkplain #await() awaited} before its buffer is reused or freed.
 * Slots are {@linkplain #take taken} from a small pool of this JVM and {@linkplain #recycle
 * recycled} into it, so many short transfers do not each allocate and free native memory.
 */
final class AioSlot {

    /** Idle slots kept per JVM; more are freed. */
    static final int POOLED = 16;
    private static final ConcurrentLinkedDeque<AioSlot> IDLE = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger IDLE_COUNT = new AtomicInteger();

    private final Memory buffer;
    private Pointer completion;
    private long offset;
    private int length;

    AioSlot(int capacity) {
        this.buffer = new Memory(capacity);
    }

    /**
     * A slot of the given capacity, idle from the pool or new.
     *
     * @param capacity bytes
     * @return the slot
     */
    static AioSlot take(int capacity) {
        for (AioSlot slot; (slot = IDLE.pollFirst()) != null; ) {
            IDLE_COUNT.decrementAndGet();
            if (slot.buffer.size() == capacity) {
                return slot;
            }
            slot.free();
        }
        return new AioSlot(capacity);
    }

    /** Gives a slot that is not in flight back to the pool, or frees it when the pool is full. */
    void recycle() {
        if (completion != null) {
            throw new IllegalStateException("slot still in flight");
        }
        if (IDLE_COUNT.incrementAndGet() <= POOLED) {
            IDLE.addFirst(this);
        } else {
            IDLE_COUNT.decrementAndGet();
            free();
        }
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
