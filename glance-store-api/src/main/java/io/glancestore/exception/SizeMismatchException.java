package io.glancestore.exception;

/**
 * The data ended before, or ran past, the size the caller declared; nothing was stored.
 */
public class SizeMismatchException extends InvalidException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public SizeMismatchException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public SizeMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
