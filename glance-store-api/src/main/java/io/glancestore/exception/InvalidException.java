package io.glancestore.exception;

/**
 * A request or the data it carried was invalid (glance_store {@code Invalid}). Nothing was stored.
 */
public class InvalidException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public InvalidException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public InvalidException(String message, Throwable cause) {
        super(message, cause);
    }
}
