package io.glancestore.swift.internal;

import io.glancestore.spi.StoreOption;
import java.util.List;
import java.util.Optional;

/**
 * Every option the swift store reads, with glance_store's names, defaults and value checks, plus
 * ours; {@link SwiftStoreConfig} reads them and the provider declares them. Sizes are in Glance's
 * "MB" of 1,024,000 bytes.
 */
public final class SwiftOptions {

    public static final StoreOption<String> CONTAINER = StoreOption.string("swift_store_container", "glance")
            .describedAs("container of new images");
    public static final StoreOption<Boolean> CREATE_CONTAINER = StoreOption.bool("swift_store_create_container_on_put",
            false).describedAs("create a missing container on add");
    public static final StoreOption<Long> LARGE_OBJECT_SIZE = StoreOption.integer("swift_store_large_object_size",
            5 * 1024, 1, Long.MAX_VALUE / SwiftStoreConfig.GLANCE_MB)
            .describedAs("Glance MB from which images are segmented");
    public static final StoreOption<Long> LARGE_OBJECT_CHUNK_SIZE = StoreOption.integer(
            "swift_store_large_object_chunk_size", 200, 1, 5 * 1024).describedAs("Glance MB per segment");
    public static final StoreOption<Boolean> MULTI_TENANT = StoreOption.bool("swift_store_multi_tenant", false)
            .describedAs("a container per image, locations name the storage URL");
    public static final StoreOption<Long> CONTAINERS_SEED = StoreOption.integer("swift_store_multiple_containers_seed",
            0, 0, 32).describedAs("image id characters appended to the container name");
    public static final StoreOption<String> AUTH_VERSION = StoreOption.string("swift_store_auth_version", "3")
            .validatedBy(SwiftStoreConfig::authVersionProblem).describedAs("1 (tempauth) or 3 (Keystone v3)");
    public static final StoreOption<String> DEFAULT_REFERENCE = StoreOption.string("default_swift_reference", "ref1")
            .describedAs("reference new images are written with");
    public static final StoreOption<Optional<String>> CONFIG_FILE = StoreOption.optionalString("swift_store_config_file")
            .describedAs("glance-swift.conf holding the references; locations are then swift+config://");
    public static final StoreOption<Optional<String>> AUTH_ADDRESS = StoreOption.optionalString("swift_store_auth_address")
            .describedAs("auth URL: Keystone v3, or tempauth's /auth/v1.0");
    public static final StoreOption<Optional<String>> USER = StoreOption.optionalString("swift_store_user")
            .describedAs("project:user (Keystone) or account:user (tempauth)");
    public static final StoreOption<Optional<String>> KEY = StoreOption.optionalString("swift_store_key").secret()
            .describedAs("the user's key, or the application credential's secret");
    public static final StoreOption<Optional<String>> APPLICATION_CREDENTIAL = StoreOption.optionalString(
            "swift_store_application_credential_id").describedAs("Keystone application credential (ours)");
    public static final StoreOption<Optional<String>> USER_DOMAIN_ID = StoreOption.optionalString(
            "swift_store_user_domain_id").describedAs("the user's domain id (ours)");
    public static final StoreOption<Optional<String>> USER_DOMAIN_NAME = StoreOption.optionalString(
            "swift_store_user_domain_name").describedAs("the user's domain name (ours)");
    public static final StoreOption<Optional<String>> PROJECT_DOMAIN_ID = StoreOption.optionalString(
            "swift_store_project_domain_id").describedAs("the project's domain id (ours)");
    public static final StoreOption<Optional<String>> PROJECT_DOMAIN_NAME = StoreOption.optionalString(
            "swift_store_project_domain_name").describedAs("the project's domain name (ours)");
    public static final StoreOption<String> ENDPOINT_TYPE = StoreOption.string("swift_store_endpoint_type", "publicURL")
            .validatedBy(v -> v.matches("(public|internal|admin)(URL)?") ? Optional.empty()
                    : Optional.of("must be publicURL, internalURL or adminURL"))
            .describedAs("catalog interface");
    public static final StoreOption<Optional<String>> CACERT = StoreOption.optionalString("swift_store_cacert")
            .describedAs("CA bundle (PEM) to trust");
    public static final StoreOption<Long> LARGE_OBJECT_CHUNK_SIZE_BYTES = StoreOption.integer(
            "swift_store_large_object_chunk_size_bytes", 0, 0, 5L << 30).describedAs("segment size in bytes (ours)");
    public static final StoreOption<Long> LARGE_OBJECT_SIZE_BYTES = StoreOption.integer(
            "swift_store_large_object_size_bytes", 0, 0, Long.MAX_VALUE)
            .describedAs("segmentation threshold in bytes (ours)");
    public static final StoreOption<Optional<String>> REGION = StoreOption.optionalString("swift_store_region")
            .describedAs("catalog region");
    public static final StoreOption<String> SERVICE_TYPE = StoreOption.string("swift_store_service_type", "object-store")
            .describedAs("catalog service type");
    public static final StoreOption<Optional<String>> ENDPOINT = StoreOption.optionalString("swift_store_endpoint")
            .describedAs("storage URL overriding auth's");
    public static final StoreOption<Boolean> INSECURE = StoreOption.bool("swift_store_auth_insecure", false)
            .describedAs("no TLS certificate checks");
    public static final StoreOption<Long> RETRY_GET_COUNT = StoreOption.integer("swift_store_retry_get_count", 3, 0, 1000)
            .describedAs("resumptions of a broken read");
    public static final StoreOption<Long> EXPIRE_SOON = StoreOption.integer("swift_store_expire_soon_interval", 60, 0,
            86400).describedAs("seconds before expiry a token is renewed");
    public static final StoreOption<Long> REQUEST_RETRIES = StoreOption.integer("swift_store_request_retries", 3, 0, 100)
            .describedAs("retries of replayable requests on 5xx or no answer (ours)");
    public static final StoreOption<Long> CONNECT_TIMEOUT_MS = StoreOption.integer("swift_store_connect_timeout_ms",
            10_000, 1, 3_600_000).describedAs("connect timeout, ms (ours)");
    public static final StoreOption<Long> REQUEST_TIMEOUT_MS = StoreOption.integer("swift_store_request_timeout_ms",
            120_000, 1, 86_400_000).describedAs("wait for a response's headers, ms (ours)");
    public static final StoreOption<Long> SEGMENTS_IN_FLIGHT = StoreOption.integer("swift_store_segments_in_flight", 4, 1,
            64).describedAs("segments awaiting their response at once (ours)");

    /** glance_store options accepted for compatibility, without effect here (see the README). */
    static final List<StoreOption<?>> WITHOUT_EFFECT = List.of(
            StoreOption.list("swift_store_admin_tenants")
                    .describedAs("no effect: multi-tenant admin access needs a user's request context"),
            StoreOption.bool("swift_store_use_trusts", true)
                    .describedAs("no effect: trusts need a user's request context"),
            StoreOption.bool("swift_buffer_on_upload", false).describedAs("no effect: nothing is buffered"),
            StoreOption.optionalString("swift_upload_buffer_dir").describedAs("no effect: nothing is buffered"),
            StoreOption.bool("swift_store_ssl_compression", true).describedAs("no effect"));

    /** Every option, as the provider declares them. */
    public static final List<StoreOption<?>> ALL = concat(List.of(CONTAINER, CREATE_CONTAINER, LARGE_OBJECT_SIZE,
            LARGE_OBJECT_CHUNK_SIZE, MULTI_TENANT, CONTAINERS_SEED, AUTH_VERSION, DEFAULT_REFERENCE, CONFIG_FILE,
            AUTH_ADDRESS, USER, KEY, APPLICATION_CREDENTIAL, USER_DOMAIN_ID, USER_DOMAIN_NAME, PROJECT_DOMAIN_ID,
            PROJECT_DOMAIN_NAME, ENDPOINT_TYPE, CACERT, LARGE_OBJECT_CHUNK_SIZE_BYTES, LARGE_OBJECT_SIZE_BYTES, REGION,
            SERVICE_TYPE, ENDPOINT, INSECURE, RETRY_GET_COUNT, EXPIRE_SOON, REQUEST_RETRIES, CONNECT_TIMEOUT_MS,
            REQUEST_TIMEOUT_MS, SEGMENTS_IN_FLIGHT), WITHOUT_EFFECT);

    private SwiftOptions() {
    }

    private static List<StoreOption<?>> concat(List<StoreOption<?>> a, List<StoreOption<?>> b) {
        List<StoreOption<?>> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

}
