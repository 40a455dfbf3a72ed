package io.glancestore.exception;

/**
 * No configured store handles the location's scheme (glance_store {@code UnknownScheme}).
 */
public class UnknownSchemeException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public UnknownSchemeException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public UnknownSchemeException(String message, Throwable cause) {
        super(message, cause);
    }
}
