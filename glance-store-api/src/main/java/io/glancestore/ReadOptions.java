package io.glancestore;

import java.util.Objects;

/**
 * Per-call options of {@link ImageStore#get(String, long, long, ReadOptions)}. Immutable; build
 * with {@link #builder()}.
 */
public final class ReadOptions {

    private static final ReadOptions DEFAULTS = builder().build();

    private final ProgressListener progressListener;
    private final String expectedMd5;
    private final String expectedMultihash;
    private final String hashAlgorithm;

    private ReadOptions(Builder builder) {
        this.progressListener = builder.progressListener;
        this.expectedMd5 = builder.expectedMd5;
        this.expectedMultihash = builder.expectedMultihash;
        this.hashAlgorithm = builder.hashAlgorithm;
    }

    /**
     * Options with no listener and no verification.
     *
     * @return the default options
     */
    public static ReadOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Starts building options.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The progress listener.
     *
     * @return the listener, never {@code null}
     */
    public ProgressListener progressListener() {
        return progressListener;
    }

    /**
     * The md5 hex the whole image must have, or {@code null}.
     *
     * @return the expected md5 or {@code null}
     */
    public String expectedMd5() {
        return expectedMd5;
    }

    /**
     * The multihash hex the whole image must have, or {@code null}.
     *
     * @return the expected multihash or {@code null}
     */
    public String expectedMultihash() {
        return expectedMultihash;
    }

    /**
     * The algorithm of {@link #expectedMultihash()}.
     *
     * @return the algorithm name, {@code sha512} unless set
     */
    public String hashAlgorithm() {
        return hashAlgorithm;
    }

    /**
     * Whether the read must be checked against known hashes.
     *
     * @return true when an expected md5 or multihash is set
     */
    public boolean verifies() {
        return expectedMd5 != null || expectedMultihash != null;
    }

    /** Builds {@link ReadOptions}. */
    public static final class Builder {
        private ProgressListener progressListener = ProgressListener.NONE;
        private String expectedMd5;
        private String expectedMultihash;
        private String hashAlgorithm = "sha512";

        private Builder() {
        }

        /**
         * Sets the progress listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder progressListener(ProgressListener listener) {
            this.progressListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Requires the image to have this md5 (Glance's {@code checksum}). Checked when the
         * whole image has been read; a mismatch makes the final read throw
         * {@link io.glancestore.exception.ChecksumMismatchException}. Only for whole-image reads.
         *
         * @param md5Hex lower-case hex md5
         * @return this builder
         */
        public Builder expectedMd5(String md5Hex) {
            this.expectedMd5 = md5Hex;
            return this;
        }

        /**
         * Requires the image to have this multihash (Glance's {@code os_hash_value}).
         *
         * @param algorithm the algorithm ({@code os_hash_algo}), e.g. {@code sha512}
         * @param hex lower-case hex digest
         * @return this builder
         */
        public Builder expectedMultihash(String algorithm, String hex) {
            this.hashAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
            this.expectedMultihash = hex;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public ReadOptions build() {
            return new ReadOptions(this);
        }
    }
}
