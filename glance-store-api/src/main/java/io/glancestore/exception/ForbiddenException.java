package io.glancestore.exception;

/**
 * The backend refused the operation to this caller (glance_store {@code Forbidden}).
 */
public class ForbiddenException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public ForbiddenException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public ForbiddenException(String message, Throwable cause) {
        super(message, cause);
    }
}
