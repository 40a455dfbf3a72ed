package io.glancestore.copy;

import io.glancestore.ReadOptions;
import java.util.Locale;
import java.util.Objects;

/**
 * The hashes an image is known to have (Glance's {@code checksum}, {@code os_hash_algo},
 * {@code os_hash_value}), against which a copy is verified. Either may be absent.
 *
 * @param md5 lower-case hex md5, or {@code null}
 * @param hashAlgorithm the multihash algorithm, e.g. {@code sha512}; {@code null} when no multihash
 * @param multihash lower-case hex multihash, or {@code null}
 */
public record ExpectedHashes(String md5, String hashAlgorithm, String multihash) {

    private static final ExpectedHashes NONE = new ExpectedHashes(null, null, null);

    /** Checks that a multihash comes with its algorithm. */
    public ExpectedHashes {
        if (multihash != null) {
            Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
        }
    }

    /**
     * No known hashes: a copy is checked against what the source delivered.
     *
     * @return the empty expectation
     */
    public static ExpectedHashes none() {
        return NONE;
    }

    /**
     * Whether any hash is known.
     *
     * @return true if an md5 or a multihash is set
     */
    public boolean any() {
        return md5 != null || multihash != null;
    }

    /**
     * The options of a whole-image read that checks the bytes against these hashes (compared in
     * lower case), so a mismatch throws
     * {@link io.glancestore.exception.ChecksumMismatchException} when the read ends.
     *
     * @return the read options; they verify nothing when no hash is known
     */
    public ReadOptions readOptions() {
        ReadOptions.Builder read = ReadOptions.builder();
        if (md5 != null) {
            read.expectedMd5(md5.toLowerCase(Locale.ROOT));
        }
        if (multihash != null) {
            read.expectedMultihash(hashAlgorithm, multihash.toLowerCase(Locale.ROOT));
        }
        return read.build();
    }
}
