package io.glancestore.spi;

import java.io.IOException;

/**
 * One image being written, as a transaction: chunks are written in order by one thread, then
 * exactly one of {@link #commit} or {@link #abort} is called. Until commit returns, no reader
 * may see the image; after abort, no trace of it may remain.
 */
public interface WriteSession {

    /**
     * Writes the next chunk.
     *
     * @param data buffer holding the bytes; only valid during the call
     * @param offset start of the bytes in {@code data}
     * @param length number of bytes
     * @throws IOException on I/O failure
     */
    void write(byte[] data, int offset, int length) throws IOException;

    /**
     * Makes the image durable and visible, atomically where the backend allows.
     *
     * @param size total bytes written, as counted by the API layer
     * @return the published image
     * @throws IOException on I/O failure (the API layer then calls {@link #abort})
     */
    WrittenImage commit(long size) throws IOException;

    /**
     * Removes everything this write created. Called after any failure, including a failed
     * commit; must be safe to call more than once and must not throw for what is already gone.
     */
    void abort();
}
