package io.glancestore.vmware.internal;

import io.glancestore.location.VsphereLocation;
import io.glancestore.spi.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The vmware store's options, read with glance_store's names and checked once.
 *
 * @param host {@code vmware_server_host}, optionally with a port (our extension)
 * @param username {@code vmware_server_username}
 * @param password {@code vmware_server_password}
 * @param apiRetryCount {@code vmware_api_retry_count}: attempts after a lost session
 * @param taskPollInterval {@code vmware_task_poll_interval}: the longest wait between two looks
 *     at a running vSphere task
 * @param imageDir {@code vmware_store_image_dir}, without surrounding {@code /}
 * @param insecure {@code vmware_insecure}: trust any certificate (ignored with a CA file)
 * @param caFile {@code vmware_ca_file}: PEM bundle of the CAs to trust
 * @param datastores {@code vmware_datastores}; empty means the store is read-only
 * @param httpTimeout {@code vmware_http_timeout} (our extension): connect and read timeout
 */
public record VmwareStoreConfig(String host, String username, Secret password, int apiRetryCount,
        Duration taskPollInterval, String imageDir, boolean insecure, Optional<Path> caFile,
        List<DatastoreSpec> datastores, Duration httpTimeout) {

    /** glance_store's default {@code vmware_api_retry_count}. */
    public static final int DEFAULT_API_RETRY_COUNT = 10;
    /** glance_store's default {@code vmware_task_poll_interval}, seconds. */
    public static final int DEFAULT_TASK_POLL_SECONDS = 5;
    /** Default {@code vmware_http_timeout}, seconds. */
    public static final int DEFAULT_HTTP_TIMEOUT_SECONDS = 300;

    /** Freezes the lists. */
    public VmwareStoreConfig {
        datastores = List.copyOf(datastores);
    }

    /**
     * Reads and checks the options.
     *
     * @param options the options
     * @return the configuration
     * @throws io.glancestore.exception.BadStoreConfigurationException if an option is invalid
     */
    public static VmwareStoreConfig from(StoreOptions options) {
        String host = options.required("vmware_server_host");
        try {
            // Validates the host the way every location will carry it.
            VsphereLocation.of(host, null, "x", "dc", "ds");
        } catch (RuntimeException e) {
            throw options.invalid("vmware_server_host", "is not a host name or address, optionally with a port");
        }
        String username = options.required("vmware_server_username");
        Secret password = new Secret(options.required("vmware_server_password"));
        int retries = (int) options.integer("vmware_api_retry_count", DEFAULT_API_RETRY_COUNT, 1, 1000);
        long poll = options.integer("vmware_task_poll_interval", DEFAULT_TASK_POLL_SECONDS, 1, 3600);
        String dir = options.string("vmware_store_image_dir", VsphereLocation.DEFAULT_IMAGE_DIR)
                .replaceAll("^/+|/+$", "");
        if (dir.isEmpty() || dir.contains("..") || dir.contains("\\") || !dir.matches("[A-Za-z0-9._~/-]+")) {
            throw options.invalid("vmware_store_image_dir",
                    "must be a folder path of letters, digits, '-', '.', '_', '~' and '/'");
        }
        boolean insecure = options.bool("vmware_insecure", false);
        Optional<Path> caFile = options.string("vmware_ca_file").map(Path::of);
        if (caFile.isPresent() && !Files.isReadable(caFile.get())) {
            throw options.invalid("vmware_ca_file", "names a file that does not exist or cannot be read");
        }
        List<DatastoreSpec> datastores = new ArrayList<>();
        for (String entry : options.list("vmware_datastores")) {
            datastores.add(DatastoreSpec.parse(entry, options, "vmware_datastores"));
        }
        long timeout = options.integer("vmware_http_timeout", DEFAULT_HTTP_TIMEOUT_SECONDS, 1, 86_400);
        return new VmwareStoreConfig(host, username, password, retries, Duration.ofSeconds(poll), dir,
                insecure && caFile.isEmpty(), caFile, datastores, Duration.ofSeconds(timeout));
    }

    /**
     * The vSphere API endpoint.
     *
     * @return {@code https://<host>/sdk}
     */
    public String sdkUrl() {
        return "https://" + VsphereLocation.of(host, null, "x", "dc", "ds").host() + "/sdk";
    }

    @Override
    public String toString() {
        return "VmwareStoreConfig{host=" + host + ", username=" + username + ", imageDir=" + imageDir
                + ", datastores=" + datastores + ", insecure=" + insecure + ", caFile=" + caFile.orElse(null) + "}";
    }
}
