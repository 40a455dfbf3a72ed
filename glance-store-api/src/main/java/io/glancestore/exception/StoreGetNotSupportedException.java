package io.glancestore.exception;

/**
 * The store cannot read images (glance_store {@code StoreGetNotSupported}).
 */
public class StoreGetNotSupportedException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public StoreGetNotSupportedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public StoreGetNotSupportedException(String message, Throwable cause) {
        super(message, cause);
    }
}
