package io.glancestore.exception;

/**
 * A location URI is malformed or does not belong to the store (glance_store {@code BadStoreUri}). Messages show the URI masked.
 */
public class BadStoreUriException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public BadStoreUriException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public BadStoreUriException(String message, Throwable cause) {
        super(message, cause);
    }
}
