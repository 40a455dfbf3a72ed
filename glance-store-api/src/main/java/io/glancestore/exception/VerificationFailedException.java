package io.glancestore.exception;

/**
 * The caller's verifier (for instance an image signature check) rejected the data; nothing was stored.
 */
public class VerificationFailedException extends InvalidException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public VerificationFailedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public VerificationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
