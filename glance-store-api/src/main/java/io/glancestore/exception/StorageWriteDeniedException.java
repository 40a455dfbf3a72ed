package io.glancestore.exception;

/**
 * The backend refused the write for lack of permission (glance_store {@code StorageWriteDenied}); the partial image was removed.
 */
public class StorageWriteDeniedException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public StorageWriteDeniedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public StorageWriteDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
