package io.glancestore.vmware.internal;

import io.glancestore.spi.StoreOption;
import io.glancestore.spi.StoreOptions;
import io.glancestore.vmware.VsphereLocation;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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

    public static final StoreOption<Optional<String>> HOST = StoreOption.optionalString("vmware_server_host")
            .validatedBy(VmwareStoreConfig::hostProblem)
            .describedAs("vCenter or ESXi host, optionally with :port; required");
    public static final StoreOption<Optional<String>> USERNAME = StoreOption.optionalString("vmware_server_username")
            .describedAs("required");
    public static final StoreOption<Optional<String>> PASSWORD = StoreOption.optionalString("vmware_server_password")
            .secret().describedAs("required");
    public static final StoreOption<Long> API_RETRY_COUNT = StoreOption.integer("vmware_api_retry_count",
            DEFAULT_API_RETRY_COUNT, 1, 1000).describedAs("attempts after a lost session");
    public static final StoreOption<Long> TASK_POLL_INTERVAL = StoreOption.integer("vmware_task_poll_interval",
            DEFAULT_TASK_POLL_SECONDS, 1, 3600).describedAs("longest wait between two looks at a task, seconds");
    public static final StoreOption<String> IMAGE_DIR = StoreOption.string("vmware_store_image_dir",
            VsphereLocation.DEFAULT_IMAGE_DIR).validatedBy(VmwareStoreConfig::imageDirProblem)
            .describedAs("folder of the images in each datastore");
    public static final StoreOption<Boolean> INSECURE = StoreOption.bool("vmware_insecure", false)
            .describedAs("no TLS certificate checks (ignored with a CA file)");
    public static final StoreOption<Optional<String>> CA_FILE = StoreOption.optionalString("vmware_ca_file")
            .describedAs("PEM bundle of the CAs to trust");
    public static final StoreOption<List<String>> DATASTORES = StoreOption.list("vmware_datastores").repeatable()
            .validatedBy(DatastoreSpec::problem)
            .describedAs("<datacenter path>:<datastore name>[:<weight>]; none makes the store read-only");
    public static final StoreOption<Long> HTTP_TIMEOUT = StoreOption.integer("vmware_http_timeout",
            DEFAULT_HTTP_TIMEOUT_SECONDS, 1, 86_400).describedAs("connect and read timeout, seconds (ours)");

    /** Every option, as the provider declares them. */
    public static final List<StoreOption<?>> OPTIONS = List.of(HOST, USERNAME, PASSWORD, API_RETRY_COUNT,
            TASK_POLL_INTERVAL, IMAGE_DIR, INSECURE, CA_FILE, DATASTORES, HTTP_TIMEOUT);

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
        String host = required(options, HOST);
        String username = required(options, USERNAME);
        Secret password = new Secret(required(options, PASSWORD));
        int retries = API_RETRY_COUNT.read(options).intValue();
        long poll = TASK_POLL_INTERVAL.read(options);
        String dir = IMAGE_DIR.read(options).replaceAll("^/+|/+$", "");
        boolean insecure = INSECURE.read(options);
        Optional<Path> caFile = CA_FILE.read(options).map(f -> readable(options, f));
        List<DatastoreSpec> datastores = new ArrayList<>();
        for (String entry : DATASTORES.read(options)) {
            datastores.add(DatastoreSpec.parse(entry));
        }
        long timeout = HTTP_TIMEOUT.read(options);
        return new VmwareStoreConfig(host, username, password, retries, Duration.ofSeconds(poll), dir,
                insecure && caFile.isEmpty(), caFile, datastores, Duration.ofSeconds(timeout));
    }

    private static String required(StoreOptions options, StoreOption<Optional<String>> option) {
        return option.read(options).orElseThrow(() -> options.invalid(option.name(), "is required"));
    }

    private static Path readable(StoreOptions options, String file) {
        try {
            Path path = Path.of(file);
            if (Files.isReadable(path)) {
                return path;
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        throw options.invalid(CA_FILE.name(), "names a file that does not exist or cannot be read");
    }

    /** Validates the host the way every location will carry it. */
    private static Optional<String> hostProblem(String host) {
        try {
            VsphereLocation.of(host, null, "x", "dc", "ds");
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("is not a host name or address, optionally with a port");
        }
    }

    private static Optional<String> imageDirProblem(String value) {
        String dir = value.replaceAll("^/+|/+$", "");
        if (dir.isEmpty() || dir.contains("..") || dir.contains("\\") || !dir.matches("[A-Za-z0-9._~/-]+")) {
            return Optional.of("must be a folder path of letters, digits, '-', '.', '_', '~' and '/'");
        }
        return Optional.empty();
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
