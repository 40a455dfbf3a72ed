package io.glancestore.exception;

/**
 * A backend failed in a way no more specific exception describes (glance_store {@code BackendException}).
 */
public class BackendException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public BackendException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
