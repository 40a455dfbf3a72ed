package io.glancestore.exception;

/**
 * The store cannot delete images (glance_store {@code StoreDeleteNotSupported}).
 */
public class StoreDeleteNotSupportedException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public StoreDeleteNotSupportedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public StoreDeleteNotSupportedException(String message, Throwable cause) {
        super(message, cause);
    }
}
