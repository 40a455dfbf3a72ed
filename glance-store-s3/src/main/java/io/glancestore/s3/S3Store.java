package io.glancestore.s3;

import io.glancestore.ForwardingImageStore;
import io.glancestore.ImageStore;
import io.glancestore.s3.internal.S3Options;
import io.glancestore.s3.internal.S3StoreDriver;
import io.glancestore.spi.StoreBuilder;
import io.glancestore.spi.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * An image store in Amazon S3 or an S3-compatible server (Ceph's RADOS Gateway, ...),
 * interoperable with glance_store's s3 driver: image {@code <id>} is object {@code <id>} of the
 * bucket, its location {@code s3://<access key>:<secret key>@<host>/<bucket>/<id>}
 * ({@code s3+https://} for an HTTPS endpoint). A Python Glance reads and deletes these images as
 * its own, and the other way round.
 *
 * <p>Images below {@code s3_store_large_object_size} (100 MiB) go in one PUT; larger ones, and
 * those of unknown size, in a multipart upload whose parts of
 * {@code s3_store_large_object_chunk_size} (10 MiB) are uploaded {@code s3_store_thread_pools}
 * (10) at a time: an add holds at most {@code (thread pools + 1) x part size} in memory, whatever
 * the image size. A failed add leaves nothing behind: no object, no multipart upload, no part.
 * Reads are ranged GETs, resumed after a broken or stalled connection. 5xx and SlowDown answers
 * and unreachable servers are retried with backoff, then reported as
 * {@link io.glancestore.exception.RemoteServiceUnavailableException}; refused credentials are an
 * {@link io.glancestore.exception.AuthorizationFailureException}.
 *
 * <pre>{@code
 * try (S3Store store = S3Store.builder().host("https://s3.example.com").accessKey(access)
 *         .secretKey(secret).bucket("glance").build()) {
 *     AddResult added = store.add(imageId, data, size);
 *     try (ImageData image = store.get(added.location())) { image.transferTo(out); }
 * }
 * }</pre>
 *
 * <p>The secret key is never logged or shown: locations are masked in messages and
 * {@link #toString()}.
 */
public final class S3Store extends ForwardingImageStore {

    private final S3StoreDriver driver;

    private S3Store(ImageStore store, S3StoreDriver driver) {
        super(store);
        this.driver = driver;
    }

    /**
     * Starts configuring an s3 store.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The bucket new images go to.
     *
     * @return the bucket, {@code null} for a store that only reads
     */
    public String bucket() {
        return driver.config().bucket();
    }

    @Override
    public String toString() {
        return "S3Store{id=" + id() + ", endpoint=" + driver.config().endpoint() + ", bucket=" + bucket() + "}";
    }

    /**
     * Configures an {@link S3Store}. Every setter stands for one of glance_store's options, which
     * {@link #option} also accepts by name, as in a {@code glance-api.conf}.
     */
    public static final class Builder extends StoreBuilder<Builder, S3Store> {

        private Duration retryBackoff;

        private Builder() {
            super(S3StoreDriver.TYPE);
        }

        /**
         * Sets the endpoint ({@code s3_store_host}).
         *
         * @param host {@code http(s)://host[:port][/path]}, or {@code host[:port]} for HTTP
         * @return this builder
         */
        public Builder host(String host) {
            return option(S3Options.HOST, host);
        }

        /**
         * Sets the access key of new images ({@code s3_store_access_key}).
         *
         * @param accessKey the access key
         * @return this builder
         */
        public Builder accessKey(String accessKey) {
            return option(S3Options.ACCESS_KEY, accessKey);
        }

        /**
         * Sets the secret key of new images ({@code s3_store_secret_key}); never logged.
         *
         * @param secretKey the secret key
         * @return this builder
         */
        public Builder secretKey(String secretKey) {
            return option(S3Options.SECRET_KEY, secretKey);
        }

        /**
         * Sets the bucket of new images ({@code s3_store_bucket}).
         *
         * @param bucket the bucket
         * @return this builder
         */
        public Builder bucket(String bucket) {
            return option(S3Options.BUCKET, bucket);
        }

        /**
         * Creates a missing bucket on add ({@code s3_store_create_bucket_on_put}).
         *
         * @param create default false
         * @return this builder
         */
        public Builder createBucketOnPut(boolean create) {
            return option(S3Options.CREATE_BUCKET, create);
        }

        /**
         * Sets how buckets are addressed ({@code s3_store_bucket_url_format}).
         *
         * @param format {@code auto} (default: virtual-hosted on AWS, path-style elsewhere),
         *     {@code virtual} or {@code path}
         * @return this builder
         */
        public Builder bucketUrlFormat(String format) {
            return option(S3Options.URL_FORMAT, format);
        }

        /**
         * Sets the signing region ({@code s3_store_region_name}).
         *
         * @param region e.g. {@code eu-west-1}; default from an AWS host name, else {@code us-east-1}
         * @return this builder
         */
        public Builder regionName(String region) {
            return option(S3Options.REGION, region);
        }

        /**
         * Sets the size from which images are uploaded in parts ({@code s3_store_large_object_size}).
         *
         * @param mebibytes default 100
         * @return this builder
         */
        public Builder largeObjectSizeMiB(long mebibytes) {
            return option(S3Options.LARGE_OBJECT_SIZE, mebibytes);
        }

        /**
         * Sets the part size ({@code s3_store_large_object_chunk_size}).
         *
         * @param mebibytes at least 5; default 10
         * @return this builder
         */
        public Builder largeObjectChunkSizeMiB(long mebibytes) {
            return option(S3Options.LARGE_OBJECT_CHUNK_SIZE, mebibytes);
        }

        /**
         * Sets how many parts are uploaded at once ({@code s3_store_thread_pools}); an add holds
         * this many parts plus the one filling in memory.
         *
         * @param parts default 10
         * @return this builder
         */
        public Builder threadPools(int parts) {
            return option(S3Options.THREAD_POOLS, parts);
        }

        /**
         * Trusts only the CAs of a bundle for HTTPS ({@code s3_store_cacert}).
         *
         * @param bundle a PEM file
         * @return this builder
         */
        public Builder cacert(Path bundle) {
            return option(S3Options.CACERT, bundle);
        }

        /**
         * Sets the first delay between retries, doubled per retry (our option, not a Glance one).
         *
         * @param backoff default 200 ms
         * @return this builder
         */
        public Builder retryBackoff(Duration backoff) {
            this.retryBackoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Creates the store. It contacts S3 on first use, not here.
         *
         * @param options the options set on this builder
         * @return the store
         * @throws io.glancestore.exception.BadStoreConfigurationException if an option is invalid
         */
        @Override
        protected S3Store buildStore(StoreOptions options) {
            S3StoreDriver driver = retryBackoff == null ? S3StoreDriver.open(options)
                    : S3StoreDriver.open(options, retryBackoff);
            return new S3Store(imageStore(driver), driver);
        }
    }
}
