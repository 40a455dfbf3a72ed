package io.glancestore.exception;

/**
 * Data read or written did not match the checksum or multihash the caller expected.
 */
public class ChecksumMismatchException extends InvalidException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public ChecksumMismatchException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public ChecksumMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
