package io.glancestore.swift.internal;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.keystone.HttpSettings;
import io.glancestore.spi.StoreOption;
import io.glancestore.spi.StoreOptions;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
 * @param http the TLS trust ({@code swift_store_cacert}, {@code swift_store_auth_insecure}) and
 *     the timeouts ({@code swift_store_connect_timeout_ms}, {@code swift_store_request_timeout_ms},
 *     our options) of the store's requests and of its Keystone sessions
 * @param retryGetCount how many times a broken read is resumed
 * @param expireSoon a token expiring within this is renewed before a request
 * @param requestRetries how often a request answered 5xx or not answered is retried (our option)
 * @param segmentsInFlight segment uploads awaiting their response at once (our option)
 */
public record SwiftStoreConfig(String container, boolean createContainerOnPut, long largeObjectSize, long chunkSize,
        boolean multiTenant, int containersSeed, Map<String, SwiftReference> references, String defaultReference,
        boolean useConfigFile, String region, String endpointType, String serviceType, String endpoint,
        HttpSettings http, int retryGetCount, Duration expireSoon, int requestRetries, int segmentsInFlight) {

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
        String container = SwiftOptions.CONTAINER.read(options);
        boolean create = SwiftOptions.CREATE_CONTAINER.read(options);
        long large = SwiftOptions.LARGE_OBJECT_SIZE.read(options) * GLANCE_MB;
        long chunk = SwiftOptions.LARGE_OBJECT_CHUNK_SIZE.read(options) * GLANCE_MB;
        boolean multiTenant = SwiftOptions.MULTI_TENANT.read(options);
        int seed = SwiftOptions.CONTAINERS_SEED.read(options).intValue();
        String version = authVersion(SwiftOptions.AUTH_VERSION.read(options), SwiftOptions.AUTH_VERSION.name());
        String defaultRef = SwiftOptions.DEFAULT_REFERENCE.read(options);
        Optional<Path> configFile = readableFile(options, SwiftOptions.CONFIG_FILE);
        Optional<String> address = SwiftOptions.AUTH_ADDRESS.read(options);
        Optional<String> user = SwiftOptions.USER.read(options);
        Optional<String> key = SwiftOptions.KEY.read(options);
        Optional<String> appCred = SwiftOptions.APPLICATION_CREDENTIAL.read(options);
        Optional<String> userDomainId = SwiftOptions.USER_DOMAIN_ID.read(options);
        Optional<String> userDomainName = SwiftOptions.USER_DOMAIN_NAME.read(options);
        Optional<String> projectDomainId = SwiftOptions.PROJECT_DOMAIN_ID.read(options);
        Optional<String> projectDomainName = SwiftOptions.PROJECT_DOMAIN_NAME.read(options);
        Map<String, SwiftReference> references;
        if (configFile.isPresent()) {
            if (multiTenant) {
                throw options.invalid(SwiftOptions.CONFIG_FILE.name(), "must not be set with "
                        + SwiftOptions.MULTI_TENANT.name());
            }
            references = SwiftReferenceFile.read(configFile.get(), version);
        } else if (address.isPresent() && key.isPresent() && (user.isPresent() || appCred.isPresent())) {
            references = Map.of(defaultRef, new SwiftReference(defaultRef, address.get(), user.orElse(null),
                    key.get(), version, userDomainId.orElse(null), userDomainName.orElse(null),
                    projectDomainId.orElse(null), projectDomainName.orElse(null), appCred.orElse(null)));
        } else {
            references = Map.of();
        }
        String endpointType = SwiftOptions.ENDPOINT_TYPE.read(options);
        Optional<Path> cacert = readableFile(options, SwiftOptions.CACERT);
        long chunkOverride = SwiftOptions.LARGE_OBJECT_CHUNK_SIZE_BYTES.read(options);
        long largeOverride = SwiftOptions.LARGE_OBJECT_SIZE_BYTES.read(options);
        SwiftOptions.WITHOUT_EFFECT.forEach(o -> o.read(options));
        String region = SwiftOptions.REGION.read(options).orElse(null);
        String serviceType = SwiftOptions.SERVICE_TYPE.read(options);
        String endpoint = SwiftOptions.ENDPOINT.read(options).orElse(null);
        boolean insecure = SwiftOptions.INSECURE.read(options);
        int retryGetCount = SwiftOptions.RETRY_GET_COUNT.read(options).intValue();
        Duration expireSoon = Duration.ofSeconds(SwiftOptions.EXPIRE_SOON.read(options));
        int requestRetries = SwiftOptions.REQUEST_RETRIES.read(options).intValue();
        HttpSettings http = new HttpSettings(cacert.orElse(null), insecure,
                Duration.ofMillis(SwiftOptions.CONNECT_TIMEOUT_MS.read(options)),
                Duration.ofMillis(SwiftOptions.REQUEST_TIMEOUT_MS.read(options)));
        return new SwiftStoreConfig(container, create, largeOverride > 0 ? largeOverride : large,
                chunkOverride > 0 ? chunkOverride : chunk, multiTenant, seed, references, defaultRef,
                configFile.isPresent(), region, endpointType, serviceType, endpoint, http, retryGetCount, expireSoon,
                requestRetries, SwiftOptions.SEGMENTS_IN_FLIGHT.read(options).intValue());
    }

    private static Optional<Path> readableFile(StoreOptions options, StoreOption<Optional<String>> option) {
        Optional<String> value = option.read(options);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(value.get());
            if (Files.isRegularFile(file) && Files.isReadable(file)) {
                return Optional.of(file);
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        throw options.invalid(option.name(), "names a file that does not exist or is unreadable");
    }

    /** Normalises an auth version: 1 (tempauth) or 3 (Keystone v3); v2 is gone from Keystone. */
    static String authVersion(String value, String what) {
        Optional<String> problem = authVersionProblem(value);
        if (problem.isPresent()) {
            throw new BadStoreConfigurationException(what + " " + problem.get());
        }
        return value.trim().toLowerCase(Locale.ROOT).replaceFirst("^v", "").substring(0, 1);
    }

    /** What is wrong with an auth version, if anything. */
    static Optional<String> authVersionProblem(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT).replaceFirst("^v", "")) {
            case "1": case "1.0": case "3": case "3.0":
                return Optional.empty();
            case "2": case "2.0":
                return Optional.of("names Keystone v2, which is not supported; use 3 (or 1 for tempauth)");
            default:
                return Optional.of("must be 1 or 3");
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
