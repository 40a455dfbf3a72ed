package io.glancestore;

/**
 * What a store can do, after glance_store's capability bits. A call that needs a capability the
 * store lacks is refused with a typed error before any I/O.
 */
public enum Capability {
    /** Images can be read whole. */
    READ_ACCESS,
    /** Reads can start at an offset. */
    READ_OFFSET,
    /** Reads can be bounded to a length. */
    READ_CHUNK,
    /** Reads can start anywhere and stop anywhere: {@link #READ_OFFSET} and {@link #READ_CHUNK}. */
    READ_RANDOM,
    /** Images can be added. */
    WRITE_ACCESS,
    /** Images can be deleted. */
    DELETE_ACCESS,
    /** One store instance may serve many threads and calls; it keeps no per-call state. */
    DRIVER_REUSABLE
}
