package io.glancestore.exception;

/**
 * A read's offset or length is negative or starts past the end of the image.
 */
public class InvalidRangeException extends InvalidException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public InvalidRangeException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public InvalidRangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
