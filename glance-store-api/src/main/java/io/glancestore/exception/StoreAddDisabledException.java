package io.glancestore.exception;

/**
 * The store cannot accept new images, for instance because it is read-only (glance_store {@code StoreAddDisabled}).
 */
public class StoreAddDisabledException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public StoreAddDisabledException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public StoreAddDisabledException(String message, Throwable cause) {
        super(message, cause);
    }
}
