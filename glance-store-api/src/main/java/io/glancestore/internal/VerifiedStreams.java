package io.glancestore.internal;

import io.glancestore.ImageData;
import io.glancestore.ReadOptions;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Checks a whole image that does not come from a store of this SDK (a download from the Glance
 * API, for instance) exactly as reads of stores are checked: the stream must deliver the
 * announced number of bytes, and its hashes must equal the expected ones when it ends.
 */
public final class VerifiedStreams {

    private VerifiedStreams() {
    }

    /**
     * Wraps a stream of a whole image.
     *
     * @param in the bytes; closed with the result
     * @param size how many bytes it must deliver
     * @param options the expected hashes and progress listener
     * @param description what is read, for messages
     * @return the checked image data
     */
    public static ImageData verified(InputStream in, long size, ReadOptions options, String description) {
        MessageDigest md5 = options.expectedMd5() != null ? HashAlgorithms.resolve("md5").newDigest() : null;
        MessageDigest multihash = options.expectedMultihash() != null
                ? HashAlgorithms.resolve(options.hashAlgorithm()).newDigest() : null;
        return ImageData.of(new CheckedImageStream(in, size, options.progressListener(), description, md5,
                options.expectedMd5(), multihash, options.expectedMultihash()), 0, size, size);
    }
}
