package io.glancestore.exception;

/**
 * No image exists at the location (glance_store {@code NotFound}).
 */
public class NotFoundException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public NotFoundException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
