package io.glancestore.exception;

/**
 * The backend rejected the credentials (glance_store {@code AuthorizationFailure}, {@code AuthBadRequest}).
 */
public class AuthorizationFailureException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public AuthorizationFailureException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public AuthorizationFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
