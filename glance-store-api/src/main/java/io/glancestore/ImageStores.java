package io.glancestore;

import io.glancestore.internal.DriverImageStore;
import io.glancestore.spi.StoreDriver;
import io.glancestore.support.HashAlgorithms;
import java.util.Objects;

/**
 * Builds an {@link ImageStore} around a {@link StoreDriver}, adding everything the API layer
 * does for every backend. Driver artifacts offer their own entry points (for instance
 * {@code FileStore.builder()}); this is for custom drivers and for tests.
 */
public final class ImageStores {

    private ImageStores() {
    }

    /**
     * Wraps a driver with the default settings: id = the driver's type, multihash {@code sha512}.
     *
     * @param driver the driver
     * @return the store
     */
    public static ImageStore of(StoreDriver driver) {
        return builder(driver).build();
    }

    /**
     * Starts building a store around a driver.
     *
     * @param driver the driver
     * @return a builder
     */
    public static Builder builder(StoreDriver driver) {
        return new Builder(driver);
    }

    /** Builds a store around a driver. */
    public static final class Builder {
        private final StoreDriver driver;
        private String id;
        private String hashAlgorithm = HashAlgorithms.DEFAULT;

        private Builder(StoreDriver driver) {
            this.driver = Objects.requireNonNull(driver, "driver");
            this.id = driver.type();
        }

        /**
         * Sets the backend id.
         *
         * @param id the id
         * @return this builder
         */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * Sets the default multihash algorithm (Glance's {@code hashing_algorithm}).
         *
         * @param algorithm a Glance or JDK name
         * @return this builder
         * @throws io.glancestore.exception.UnknownHashingAlgoException if unknown
         */
        public Builder hashAlgorithm(String algorithm) {
            this.hashAlgorithm = HashAlgorithms.resolve(algorithm).glanceName();
            return this;
        }

        /**
         * Builds the store.
         *
         * @return the store
         */
        public ImageStore build() {
            return new DriverImageStore(id, driver, hashAlgorithm);
        }
    }
}
