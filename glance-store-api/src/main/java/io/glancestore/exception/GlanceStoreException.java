package io.glancestore.exception;

/**
 * Root of every error this SDK raises; each subclass maps one-to-one onto an exception of
 * Python glance_store. Unchecked, so callers catch only what they can handle. Messages never
 * contain credentials: locations in them are masked.
 */
public class GlanceStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public GlanceStoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public GlanceStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
