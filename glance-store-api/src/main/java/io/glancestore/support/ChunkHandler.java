package io.glancestore.support;

/** One stage of the add pipeline: sees every chunk in order, on its own thread. */
public interface ChunkHandler {

    /**
     * Handles the next chunk.
     *
     * @param data buffer; only valid during the call
     * @param offset start of the bytes
     * @param length number of bytes
     * @throws Exception to fail the add
     */
    void accept(byte[] data, int offset, int length) throws Exception;
}
