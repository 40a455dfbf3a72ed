package io.glancestore.swift.internal;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.spi.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The swift store's options, read with glance_store's names and meanings. Sizes are in Glance's
 * "MB" of 1,024,000 bytes, as glance_store reads them, so a glance-api.conf means the same bytes
 * here. Options of our own are marked as such in the README.
 *
 * @param container container of new images ({@code swift_store_container})
 * @param createContainerOnPut create a missing container on add
 * @param largeObjectSize images at or above this many bytes are segmented
 * @param chunkSize bytes per segment
 * @param multiTenant one container per image, locations name the storage URL
 * @param containersSeed number of image id characters appended to the container name (0-32)
 * @param references the references of the swift config file (or the one made of the options)
 * @param defaultReference name of the reference new images are written with
 * @param useConfigFile whether locations are written as {@code swift+config://}
 * @param region region of the endpoint in the catalog, or null
 * @param endpointType {@code publicURL}, {@code internalURL} or {@code adminURL}
 * @param serviceType catalog service type ({@code object-store})
 * @param endpoint storage URL that overrides the catalog's, or null
 * @param insecure skip TLS certificate checks
 * @param cacert CA bundle to trust, or null
 * @param retryGetCount how many times a broken read is resumed
 * @param expireSoon a token expiring within this is renewed before a request
 * @param requestRetries how often a request answered 5xx or not answered is retried (our option)
 * @param connectTimeout connect timeout (our option)
 * @param requestTimeout time to wait for a response's headers (our option)
 * @param segmentsInFlight segment uploads awaiting their response at once (our option)
 */
public record SwiftStoreConfig(String container, boolean createContainerOnPut, long largeObjectSize, long chunkSize,
        boolean multiTenant, int containersSeed, Map<String, SwiftReference> references, String defaultReference,
        boolean useConfigFile, String region, String endpointType, String serviceType, String endpoint,
        boolean insecure, Path cacert, int retryGetCount, Duration expireSoon, int requestRetries,
        Duration connectTimeout, Duration requestTimeout, int segmentsInFlight) {

    /** glance_store's "MB": 1000 x 1024 bytes. */
    public static final long GLANCE_MB = 1000L * 1024;

    /** Freezes the references. */
    public SwiftStoreConfig {
        references = Map.copyOf(references);
    }

    /**
     * Reads the options.
     *
     * @param options the backend's options
     * @return the configuration
     * @throws BadStoreConfigurationException if an option is invalid
     */
    public static SwiftStoreConfig from(StoreOptions options) {
        String container = options.string("swift_store_container", "glance");
        boolean create = options.bool("swift_store_create_container_on_put", false);
        long large = options.integer("swift_store_large_object_size", 5 * 1024, 1, Long.MAX_VALUE / GLANCE_MB)
                * GLANCE_MB;
        long chunk = options.integer("swift_store_large_object_chunk_size", 200, 1, 5 * 1024) * GLANCE_MB;
        boolean multiTenant = options.bool("swift_store_multi_tenant", false);
        int seed = (int) options.integer("swift_store_multiple_containers_seed", 0, 0, 32);
        String version = authVersion(options.string("swift_store_auth_version", "3"), "swift_store_auth_version");
        String defaultRef = options.string("default_swift_reference", "ref1");
        String configFile = options.string("swift_store_config_file").orElse(null);
        Map<String, SwiftReference> references;
        boolean useConfigFile = configFile != null;
        if (useConfigFile) {
            if (multiTenant) {
                throw options.invalid("swift_store_config_file", "must not be set with swift_store_multi_tenant");
            }
            Path file = Path.of(configFile);
            if (!Files.isReadable(file)) {
                throw options.invalid("swift_store_config_file", "names a file that does not exist or is unreadable");
            }
            references = SwiftReferenceFile.read(file, version);
        } else {
            String address = options.string("swift_store_auth_address").orElse(null);
            String user = options.string("swift_store_user").orElse(null);
            String key = options.string("swift_store_key").orElse(null);
            String appCred = options.string("swift_store_application_credential_id").orElse(null);
            if (address != null && key != null && (user != null || appCred != null)) {
                references = Map.of(defaultRef, new SwiftReference(defaultRef, address, user, key, version,
                        options.string("swift_store_user_domain_id").orElse(null),
                        options.string("swift_store_user_domain_name").orElse(null),
                        options.string("swift_store_project_domain_id").orElse(null),
                        options.string("swift_store_project_domain_name").orElse(null), appCred));
            } else {
                references = Map.of();
            }
        }
        String endpointType = options.string("swift_store_endpoint_type", "publicURL");
        if (!endpointType.matches("(public|internal|admin)(URL)?")) {
            throw options.invalid("swift_store_endpoint_type", "must be publicURL, internalURL or adminURL");
        }
        String cacert = options.string("swift_store_cacert").orElse(null);
        if (cacert != null && !Files.isReadable(Path.of(cacert))) {
            throw options.invalid("swift_store_cacert", "names a file that does not exist or is unreadable");
        }
        long chunkOverride = options.integer("swift_store_large_object_chunk_size_bytes", 0, 0, 5L << 30);
        long largeOverride = options.integer("swift_store_large_object_size_bytes", 0, 0, Long.MAX_VALUE);
        return new SwiftStoreConfig(container, create, largeOverride > 0 ? largeOverride : large,
                chunkOverride > 0 ? chunkOverride : chunk, multiTenant, seed, references, defaultRef, useConfigFile,
                options.string("swift_store_region").orElse(null), endpointType,
                options.string("swift_store_service_type", "object-store"),
                options.string("swift_store_endpoint").orElse(null),
                options.bool("swift_store_auth_insecure", false), cacert == null ? null : Path.of(cacert),
                (int) options.integer("swift_store_retry_get_count", 3, 0, 1000),
                Duration.ofSeconds(options.integer("swift_store_expire_soon_interval", 60, 0, 86400)),
                (int) options.integer("swift_store_request_retries", 3, 0, 100),
                Duration.ofMillis(options.integer("swift_store_connect_timeout_ms", 10_000, 1, 3_600_000)),
                Duration.ofMillis(options.integer("swift_store_request_timeout_ms", 120_000, 1, 86_400_000)),
                (int) options.integer("swift_store_segments_in_flight", 4, 1, 64));
    }

    /** Normalises an auth version: 1 (tempauth) or 3 (Keystone v3); v2 is gone from Keystone. */
    static String authVersion(String value, String what) {
        String v = value.trim().toLowerCase(Locale.ROOT).replaceFirst("^v", "");
        switch (v) {
            case "1": case "1.0":
                return "1";
            case "3": case "3.0":
                return "3";
            case "2": case "2.0":
                throw new BadStoreConfigurationException(what + ": Keystone v2 is not supported; use 3 (or 1 for tempauth)");
            default:
                throw new BadStoreConfigurationException(what + " must be 1 or 3");
        }
    }

    /**
     * The reference new images are written with, if the write configuration is complete.
     *
     * @return the reference, or null when the store can only read locations that carry credentials
     */
    public SwiftReference writeReference() {
        return references.get(defaultReference);
    }

    /**
     * The container of an image: {@code <container>} or, with a seed, {@code <container>_<prefix>}
     * (the first seed characters of the lower-cased id, dashes not counted), as glance_store names
     * them; {@code <container>_<id>} in multi-tenant mode.
     *
     * @param imageId the image id
     * @return the container name
     */
    public String containerFor(String imageId) {
        if (multiTenant) {
            return container + "_" + imageId;
        }
        if (containersSeed == 0) {
            return container;
        }
        String id = imageId.toLowerCase(Locale.ROOT);
        int dashes = (int) id.substring(0, Math.min(containersSeed, id.length())).chars().filter(c -> c == '-').count();
        return container + "_" + id.substring(0, Math.min(id.length(), containersSeed + dashes));
    }

    /** Keystone's interface name for an endpoint type. */
    String keystoneInterface() {
        return endpointType.replace("URL", "");
    }
}
