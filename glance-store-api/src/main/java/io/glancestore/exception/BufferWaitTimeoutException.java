package io.glancestore.exception;

/**
 * An add or a verified get waited longer than allowed for a transfer buffer, because every
 * buffer of the SDK's shared budget was in use by other transfers
 * ({@link io.glancestore.TransferBuffers}). Nothing was stored. The service is overloaded, not
 * broken: like the {@link RemoteServiceUnavailableException} it extends (glance_store
 * {@code RemoteServiceUnavailable}, which Glance answers with 503), it means "try again later".
 */
public class BufferWaitTimeoutException extends RemoteServiceUnavailableException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; must not contain credentials
     */
    public BufferWaitTimeoutException(String message) {
        super(message);
    }
}
