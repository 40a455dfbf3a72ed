package io.glancestore.exception;

/**
 * An image id is empty, too long, or contains characters that could not round-trip through a location URI or would escape the store.
 */
public class InvalidImageIdException extends InvalidException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public InvalidImageIdException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public InvalidImageIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
