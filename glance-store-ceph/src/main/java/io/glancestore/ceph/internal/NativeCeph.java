package io.glancestore.ceph.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few librbd and librados calls rados-java 0.6.0 does not wrap: asynchronous image I/O on
 * native buffers (so several requests are in flight without Java threads or heap copies), the
 * image size, flush, selecting a snapshot, reading librados' default configuration search path,
 * and failing writes to a full pool instead of blocking them. Signatures follow
 * {@code librbd.h} and {@code librados.h} on 64-bit Linux: {@code size_t}, {@code ssize_t} and
 * {@code uint64_t} are Java {@code long}s. Loaded on first use, so nothing needs the native
 * libraries until a store talks to a cluster.
 */
final class NativeCeph {

    private NativeCeph() {
    }

    /** librbd. */
    interface Rbd extends Library {
        /** The loaded library. */
        Rbd LIB = Native.load("rbd", Rbd.class);

        int rbd_get_size(Pointer image, LongByReference size);

        int rbd_flush(Pointer image);

        int rbd_snap_set(Pointer image, String snapshot);

        int rbd_aio_create_completion(Pointer callbackArg, Pointer callback, PointerByReference completion);

        int rbd_aio_write(Pointer image, long offset, long length, Pointer buffer, Pointer completion);

        int rbd_aio_read(Pointer image, long offset, long length, Pointer buffer, Pointer completion);

        int rbd_aio_wait_for_complete(Pointer completion);

        long rbd_aio_get_return_value(Pointer completion);

        void rbd_aio_release(Pointer completion);
    }

    /** librados. */
    interface Rados extends Library {
        /** The loaded library. */
        Rados LIB = Native.load("rados", Rados.class);

        /** With a null path, reads the first file of librados' default search path. */
        int rados_conf_read_file(Pointer cluster, String path);

        /** Writes to a full pool fail (ENOSPC, EDQUOT) instead of waiting until it has room. */
        void rados_set_pool_full_try(Pointer ioctx);
    }
}
