package io.glancestore.exception;

/**
 * The backend has no room for the image (glance_store {@code StorageFull}); the partial image was removed.
 */
public class StorageFullException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public StorageFullException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public StorageFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
