package io.glancestore.s3.internal;

import io.glancestore.spi.StoreOption;
import java.util.List;
import java.util.Optional;

/**
 * Every option the s3 store reads: glance_store's, with its names, defaults and checks, then
 * ours. {@link S3StoreConfig} reads them and the provider declares them. Sizes are in MiB, as
 * glance_store's s3 driver multiplies them (its "MB" here is 1,048,576 bytes, unlike the swift
 * driver's 1,024,000).
 */
public final class S3Options {

    /** S3's smallest part but the last, and glance_store's smallest chunk size. */
    static final long MIN_CHUNK_MIB = 5;
    /** S3's largest part. */
    static final long MAX_CHUNK_MIB = 5 * 1024;

    public static final StoreOption<Optional<String>> HOST = StoreOption.optionalString("s3_store_host")
            .validatedBy(v -> Optional.ofNullable(S3Endpoint.problem(v)))
            .describedAs("endpoint: http(s)://host[:port][/path], or host[:port] for http");
    public static final StoreOption<Optional<String>> REGION = StoreOption.optionalString("s3_store_region_name")
            .describedAs("signing region; from an AWS host name, else us-east-1");
    public static final StoreOption<Optional<String>> ACCESS_KEY = StoreOption.optionalString("s3_store_access_key")
            .secret().describedAs("access key of new images (written into their locations)");
    public static final StoreOption<Optional<String>> SECRET_KEY = StoreOption.optionalString("s3_store_secret_key")
            .secret().describedAs("secret key of new images (written into their locations)");
    public static final StoreOption<Optional<String>> BUCKET = StoreOption.optionalString("s3_store_bucket")
            .validatedBy(v -> Optional.ofNullable(S3StoreConfig.bucketProblem(v))).describedAs("bucket of new images");
    public static final StoreOption<Boolean> CREATE_BUCKET = StoreOption.bool("s3_store_create_bucket_on_put", false)
            .describedAs("create a missing bucket on add");
    public static final StoreOption<String> URL_FORMAT = StoreOption.string("s3_store_bucket_url_format", "auto")
            .validatedBy(v -> S3Endpoint.Style.named(v).isPresent() ? Optional.empty()
                    : Optional.of("must be auto, virtual or path"))
            .describedAs("auto (virtual-hosted on AWS, else path), virtual or path");
    public static final StoreOption<Long> LARGE_OBJECT_SIZE = StoreOption.integer("s3_store_large_object_size", 100, 1,
            Long.MAX_VALUE >> 20).describedAs("MiB from which images are uploaded in parts");
    public static final StoreOption<Long> LARGE_OBJECT_CHUNK_SIZE = StoreOption.integer("s3_store_large_object_chunk_size",
            10, MIN_CHUNK_MIB, MAX_CHUNK_MIB).describedAs("MiB per part (at least 5)");
    public static final StoreOption<Long> THREAD_POOLS = StoreOption.integer("s3_store_thread_pools", 10, 1, 256)
            .describedAs("parts uploaded at once; an add holds (this + 1) x the part size in memory");
    public static final StoreOption<Optional<String>> CACERT = StoreOption.optionalString("s3_store_cacert")
            .describedAs("CA bundle (PEM) to trust, instead of the JDK's");
    public static final StoreOption<Long> REQUEST_RETRIES = StoreOption.integer("s3_store_request_retries", 5, 0, 100)
            .describedAs("retries of a request answered 5xx or SlowDown, or not answered (ours)");
    public static final StoreOption<Long> RETRY_GET_COUNT = StoreOption.integer("s3_store_retry_get_count", 3, 0, 1000)
            .describedAs("resumptions of a broken or stalled read (ours)");
    public static final StoreOption<Long> CONNECT_TIMEOUT_MS = StoreOption.integer("s3_store_connect_timeout_ms", 10_000,
            1, 3_600_000).describedAs("connect timeout, ms (ours)");
    public static final StoreOption<Long> REQUEST_TIMEOUT_MS = StoreOption.integer("s3_store_request_timeout_ms", 120_000,
            1, 86_400_000).describedAs("longest wait for an answer or the next bytes of one, ms (ours)");

    /** Every option, as the provider declares them. */
    public static final List<StoreOption<?>> ALL = List.of(HOST, REGION, ACCESS_KEY, SECRET_KEY, BUCKET,
            CREATE_BUCKET, URL_FORMAT, LARGE_OBJECT_SIZE, LARGE_OBJECT_CHUNK_SIZE, THREAD_POOLS, CACERT,
            REQUEST_RETRIES, RETRY_GET_COUNT, CONNECT_TIMEOUT_MS, REQUEST_TIMEOUT_MS);

    private S3Options() {
    }
}
