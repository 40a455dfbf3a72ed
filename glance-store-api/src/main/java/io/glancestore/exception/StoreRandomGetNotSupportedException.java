package io.glancestore.exception;

/**
 * The store cannot read from an offset or a bounded length (glance_store {@code StoreRandomGetNotSupported}).
 */
public class StoreRandomGetNotSupportedException extends StoreGetNotSupportedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public StoreRandomGetNotSupportedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public StoreRandomGetNotSupportedException(String message, Throwable cause) {
        super(message, cause);
    }
}
