package io.glancestore.cache.internal;

/**
 * The ledger cannot be read or written now (its file is locked past the busy timeout, damaged,
 * unwritable, the disk is full...). Never a caller's error: the cache reads through to the store
 * instead, with a warning and a counter.
 */
final class LedgerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
