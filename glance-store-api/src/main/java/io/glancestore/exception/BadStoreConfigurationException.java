package io.glancestore.exception;

/**
 * A store's configuration is invalid or incomplete, or its driver is missing (glance_store {@code BadStoreConfiguration}).
 */
public class BadStoreConfigurationException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public BadStoreConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public BadStoreConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
