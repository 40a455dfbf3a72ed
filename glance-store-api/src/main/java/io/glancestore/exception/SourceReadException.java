package io.glancestore.exception;

/**
 * Reading the caller's image data failed; nothing was stored.
 */
public class SourceReadException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public SourceReadException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public SourceReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
