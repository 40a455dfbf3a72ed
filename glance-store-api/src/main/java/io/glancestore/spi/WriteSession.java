package io.glancestore.spi;

import java.io.IOException;

/**
 * One image being written, as a transaction: chunks are written in order by one thread (the
 * caller of the add), then {@link #prepareCommit} and {@link #commit}, or at any point
 * {@link #abort}, are called. Until commit returns, no reader may see the image; after abort, no
 * trace of it may remain.
 */
public interface WriteSession {

    /**
     * Writes the next chunk.
     *
     * @param data buffer holding the bytes; only valid during the call (the API layer reuses it)
     * @param offset start of the bytes in {@code data}
     * @param length number of bytes
     * @throws IOException on I/O failure
     */
    void write(byte[] data, int offset, int length) throws IOException;

    /**
     * First half of the commit: makes the bytes written durable (or sends the last of them)
     * without making the image visible. The API layer calls it once, after the last write and
     * before {@link #commit}, while its digests may still be running; a failure here is followed
     * by {@link #abort}. The default does nothing, leaving it all to commit.
     *
     * @param size total bytes written, as counted by the API layer
     * @throws IOException on I/O failure
     */
    default void prepareCommit(long size) throws IOException {
    }

    /**
     * Makes the image durable and visible, atomically where the backend allows. Must also work
     * when {@link #prepareCommit} was not called.
     *
     * @param size total bytes written, as counted by the API layer
     * @return the published image
     * @throws IOException on I/O failure (the API layer then calls {@link #abort}). Should a
     *     digest of the image fail after commit returned, the API layer removes the image with
     *     {@link StoreDriver#delete}, not abort.
     */
    WrittenImage commit(long size) throws IOException;

    /**
     * Removes everything this write created. Called after any failure, including a failed
     * commit; must be safe to call more than once and must not throw for what is already gone.
     */
    void abort();
}
