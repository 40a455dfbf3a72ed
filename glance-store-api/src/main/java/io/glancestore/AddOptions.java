package io.glancestore;

import java.util.Objects;

/**
 * Per-call options of {@link ImageStore#add(String, java.io.InputStream, long, AddOptions)}.
 * Immutable; build with {@link #builder()}.
 */
public final class AddOptions {

    private static final AddOptions DEFAULTS = builder().build();

    private final String hashAlgorithm;
    private final ProgressListener progressListener;
    private final ImageVerifier verifier;

    private AddOptions(Builder builder) {
        this.hashAlgorithm = builder.hashAlgorithm;
        this.progressListener = builder.progressListener;
        this.verifier = builder.verifier;
    }

    /**
     * Options that use the store's defaults.
     *
     * @return the default options
     */
    public static AddOptions defaults() {
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
     * The multihash algorithm for this call, or {@code null} to use the store's default.
     *
     * @return the algorithm name as given, or {@code null}
     */
    public String hashAlgorithm() {
        return hashAlgorithm;
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
     * The verifier fed every chunk, or {@code null} for none.
     *
     * @return the verifier or {@code null}
     */
    public ImageVerifier verifier() {
        return verifier;
    }

    @Override
    public String toString() {
        return "AddOptions{hashAlgorithm=" + hashAlgorithm + ", verifier=" + (verifier != null) + "}";
    }

    /** Builds {@link AddOptions}. */
    public static final class Builder {
        private String hashAlgorithm;
        private ProgressListener progressListener = ProgressListener.NONE;
        private ImageVerifier verifier;

        private Builder() {
        }

        /**
         * Chooses the multihash algorithm: a Glance name ({@code sha512}, {@code sha256},
         * {@code sha3_512}, ...) or any JDK {@link java.security.MessageDigest} name. An unknown
         * name fails the add with {@link io.glancestore.exception.UnknownHashingAlgoException}
         * before any byte is stored.
         *
         * @param algorithm the algorithm, or {@code null} for the store's default
         * @return this builder
         */
        public Builder hashAlgorithm(String algorithm) {
            this.hashAlgorithm = algorithm;
            return this;
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
         * Sets a verifier fed every chunk of the image.
         *
         * @param verifier the verifier, or {@code null} for none
         * @return this builder
         */
        public Builder verifier(ImageVerifier verifier) {
            this.verifier = verifier;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public AddOptions build() {
            return new AddOptions(this);
        }
    }
}
