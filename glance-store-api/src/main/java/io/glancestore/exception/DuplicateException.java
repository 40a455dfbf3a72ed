package io.glancestore.exception;

/**
 * An image with the same id already exists in the store (glance_store {@code Duplicate}); nothing was written.
 */
public class DuplicateException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public DuplicateException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public DuplicateException(String message, Throwable cause) {
        super(message, cause);
    }
}
