package io.glancestore.exception;

/**
 * The image cannot be deleted because it has snapshots (glance_store {@code HasSnapshot}).
 */
public class HasSnapshotException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public HasSnapshotException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public HasSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
