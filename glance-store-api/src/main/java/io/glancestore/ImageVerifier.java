package io.glancestore;

/**
 * Sees every byte of an image being added, in order, and decides at the end whether the image
 * may be stored, like the signature verifier Glance passes to {@code add}. It runs on the thread
 * that calls {@code add}, chunk by chunk before the driver writes it, while md5 and the
 * multihash run on other cores, so it slows the add down only where it is slower than they are.
 */
public interface ImageVerifier {

    /**
     * Feeds the next bytes of the image.
     *
     * @param data buffer holding the bytes; only valid during the call
     * @param offset start of the bytes in {@code data}
     * @param length number of bytes
     */
    void update(byte[] data, int offset, int length);

    /**
     * Called once after the last byte. Throwing anything rejects the image: the add fails with
     * {@link io.glancestore.exception.VerificationFailedException} and nothing is stored.
     */
    void verify();
}
