package io.glancestore.cache.internal;

import io.glancestore.ReadOptions;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.support.ParallelDigests;
import java.security.MessageDigest;

/**
 * The hashes one reader expects (from its {@link ReadOptions}) and the digests that check them
 * over the bytes it is given. One hashing pass per verifying reader, on pipeline threads off the
 * reader's thread ({@link ParallelDigests}), as the API layer does without a cache.
 */
final class ExpectedHashes {

    private final String expectedMd5;
    private final String expectedMultihash;
    private final String algorithm;
    private final MessageDigest md5;
    private final MessageDigest multihash;
    private final ParallelDigests digests;
    private byte[] md5Value;
    private byte[] multihashValue;

    private ExpectedHashes(ReadOptions options) {
        this.expectedMd5 = options.expectedMd5();
        this.expectedMultihash = options.expectedMultihash();
        this.algorithm = expectedMultihash == null ? null : Digests.glanceName(options.hashAlgorithm());
        this.md5 = expectedMd5 == null ? null : Digests.create("md5");
        this.multihash = expectedMultihash == null ? null : Digests.create(algorithm);
        this.digests = new ParallelDigests(md5, multihash);
    }

    /**
     * The checker for a reader's options.
     *
     * @param options the reader's options
     * @return the checker, or {@code null} when the reader expects nothing
     */
    static ExpectedHashes of(ReadOptions options) {
        return options != null && options.verifies() ? new ExpectedHashes(options) : null;
    }

    void update(byte[] b, int off, int len) {
        digests.update(b, off, len);
    }

    /** Abandons the hashing of a reader that stopped before the end. */
    void abandon() {
        digests.close();
    }

    /**
     * Finishes the digests and compares.
     *
     * @param description names the read in the message
     * @return the mismatch to throw, or {@code null} when everything matched
     */
    ChecksumMismatchException check(String description) {
        digests.finish();
        if (md5 != null) {
            md5Value = md5.digest();
            String actual = Digests.hex(md5Value);
            if (!actual.equalsIgnoreCase(expectedMd5)) {
                return new ChecksumMismatchException(description + ": md5 is " + actual + ", expected " + expectedMd5);
            }
        }
        if (multihash != null) {
            multihashValue = multihash.digest();
            String actual = Digests.hex(multihashValue);
            if (!actual.equalsIgnoreCase(expectedMultihash)) {
                return new ChecksumMismatchException(description + ": " + algorithm + " multihash is " + actual
                        + ", expected " + expectedMultihash);
            }
        }
        return null;
    }

    /** The md5 verified by {@link #check}, or {@code null}. */
    byte[] verifiedMd5() {
        return md5Value;
    }

    /** The multihash verified by {@link #check}, or {@code null}. */
    byte[] verifiedMultihash() {
        return multihashValue;
    }

    /** The Glance name of the multihash algorithm, or {@code null}. */
    String algorithm() {
        return algorithm;
    }
}
