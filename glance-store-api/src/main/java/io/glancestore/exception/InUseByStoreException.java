package io.glancestore.exception;

/**
 * The image cannot be deleted because the backend still uses it, for instance a clone of its snapshot exists (glance_store {@code InUseByStore}).
 */
public class InUseByStoreException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public InUseByStoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public InUseByStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
