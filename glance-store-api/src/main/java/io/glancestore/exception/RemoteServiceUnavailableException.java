package io.glancestore.exception;

/**
 * The backend's server could not be reached or kept failing after the retries (glance_store {@code RemoteServiceUnavailable}).
 */
public class RemoteServiceUnavailableException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public RemoteServiceUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public RemoteServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
