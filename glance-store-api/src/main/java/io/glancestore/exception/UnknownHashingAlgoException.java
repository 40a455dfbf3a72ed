package io.glancestore.exception;

/**
 * The requested multihash algorithm is not offered by the JDK (glance_store {@code UnknownHashingAlgo}); nothing was stored.
 */
public class UnknownHashingAlgoException extends GlanceStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public UnknownHashingAlgoException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened; must not contain credentials
     * @param cause the underlying failure
     */
    public UnknownHashingAlgoException(String message, Throwable cause) {
        super(message, cause);
    }
}
