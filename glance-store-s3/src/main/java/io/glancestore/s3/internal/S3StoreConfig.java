package io.glancestore.s3.internal;

import io.glancestore.spi.StoreOptions;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The s3 store's options, read with glance_store's names and meanings (sizes in MiB), plus ours.
 * Like glance_store, a store without the access key, secret key or bucket of new images only
 * reads: locations carry their own credentials.
 *
 * @param endpoint where requests go ({@code s3_store_host}, {@code s3_store_bucket_url_format},
 *     {@code s3_store_region_name})
 * @param credentials the credentials of new images, or {@code null}
 * @param bucket the bucket of new images, or {@code null}
 * @param createBucketOnPut create a missing bucket on add
 * @param largeObjectSize images of this many bytes or more, or of unknown size, are uploaded in parts
 * @param chunkSize bytes per part (more for images past 10,000 parts)
 * @param threadPools parts uploaded at once
 * @param cacert CA bundle to trust, or {@code null}
 * @param requestRetries retries of a request answered 5xx or SlowDown, or not answered (ours)
 * @param retryGetCount resumptions of a broken or stalled read (ours)
 * @param connectTimeout connect timeout (ours)
 * @param requestTimeout longest wait for an answer or its next bytes (ours)
 */
public record S3StoreConfig(S3Endpoint endpoint, S3Credentials credentials, String bucket, boolean createBucketOnPut,
        long largeObjectSize, long chunkSize, int threadPools, Path cacert, int requestRetries, int retryGetCount,
        Duration connectTimeout, Duration requestTimeout) {

    /** glance_store's s3 "MB": a MiB. */
    public static final long MIB = 1L << 20;

    /**
     * Reads the options.
     *
     * @param options the backend's options
     * @return the configuration
     * @throws io.glancestore.exception.BadStoreConfigurationException naming the first option at
     *     fault, never its value
     */
    public static S3StoreConfig from(StoreOptions options) {
        Optional<String> host = S3Options.HOST.read(options);
        if (host.isEmpty()) {
            throw options.invalid(S3Options.HOST.name(), "is required: the store reads and writes through it");
        }
        S3Endpoint.Style style = S3Endpoint.Style.named(S3Options.URL_FORMAT.read(options)).orElseThrow();
        S3Endpoint endpoint = S3Endpoint.parse(host.get(), style, S3Options.REGION.read(options));
        Optional<String> access = S3Options.ACCESS_KEY.read(options);
        Optional<String> secret = S3Options.SECRET_KEY.read(options);
        Optional<String> bucket = S3Options.BUCKET.read(options);
        S3Credentials credentials = null;
        if (access.isPresent() && secret.isPresent()) {
            credentials = new S3Credentials(access.get(), secret.get());
            String problem = credentials.locationProblem();
            if (problem != null) {
                throw options.invalid(S3Options.SECRET_KEY.name(), "(with s3_store_access_key) " + problem);
            }
        }
        if (bucket.isPresent() && style == S3Endpoint.Style.VIRTUAL && !endpoint.virtual(bucket.get())) {
            throw options.invalid(S3Options.BUCKET.name(), "is not a DNS name, which virtual-hosted addressing"
                    + " (s3_store_bucket_url_format = virtual) needs");
        }
        return new S3StoreConfig(endpoint, credentials, bucket.orElse(null), S3Options.CREATE_BUCKET.read(options),
                S3Options.LARGE_OBJECT_SIZE.read(options) * MIB, S3Options.LARGE_OBJECT_CHUNK_SIZE.read(options) * MIB,
                S3Options.THREAD_POOLS.read(options).intValue(), readableFile(options),
                S3Options.REQUEST_RETRIES.read(options).intValue(), S3Options.RETRY_GET_COUNT.read(options).intValue(),
                Duration.ofMillis(S3Options.CONNECT_TIMEOUT_MS.read(options)),
                Duration.ofMillis(S3Options.REQUEST_TIMEOUT_MS.read(options)));
    }

    private static Path readableFile(StoreOptions options) {
        Optional<String> value = S3Options.CACERT.read(options);
        if (value.isEmpty()) {
            return null;
        }
        try {
            Path file = Path.of(value.get());
            if (Files.isRegularFile(file) && Files.isReadable(file)) {
                return file;
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        throw options.invalid(S3Options.CACERT.name(), "names a file that does not exist or is unreadable");
    }

    /**
     * What is wrong with a bucket name, if anything: S3's rules for new buckets, relaxed as
     * S3-compatible servers and older AWS regions accept (upper case and {@code _}), 3 to 255
     * characters.
     *
     * @param bucket the name
     * @return the problem, or {@code null}
     */
    static String bucketProblem(String bucket) {
        if (bucket.length() < 3 || bucket.length() > 255) {
            return "must be 3 to 255 characters long";
        }
        for (int i = 0; i < bucket.length(); i++) {
            char c = bucket.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_')) {
                return "may hold only letters, digits, '-', '.' and '_'";
            }
        }
        return null;
    }

    /**
     * Whether the store can add images: credentials and a bucket are configured.
     *
     * @return true if it can write
     */
    public boolean writable() {
        return credentials != null && bucket != null;
    }

    /**
     * The part size for an image: the chunk size, or more when the image would need more than
     * S3's 10,000 parts, as glance_store computes it.
     *
     * @param size the image size, or -1 when unknown
     * @return bytes per part
     */
    long partSize(long size) {
        return size <= 0 ? chunkSize : Math.max(chunkSize, (size + 9_999) / 10_000);
    }
}
