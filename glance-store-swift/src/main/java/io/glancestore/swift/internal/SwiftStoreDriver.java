package io.glancestore.swift.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.BadStoreUriException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.keystone.HttpSettings;
import io.glancestore.location.StoreLocation;
import io.glancestore.spi.AbstractStoreDriver;
import io.glancestore.spi.StoreOptions;
import io.glancestore.spi.WriteSession;
import io.glancestore.support.AddReservations;
import io.glancestore.support.ResumingRangeStream;
import io.glancestore.support.TlsTrust;
import io.glancestore.swift.SwiftLocation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The swift store driver: images as Swift objects, segmented as Dynamic Large Objects past
 * {@code large_object_size}, laid out as glance_store's swift driver lays them out.
 */
public final class SwiftStoreDriver extends AbstractStoreDriver {

    /** The Glance store type. */
    public static final String TYPE = "swift";

    private static final Logger LOG = LoggerFactory.getLogger(SwiftStoreDriver.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITE_CHUNK = BodyPipe.BUFFER_SIZE;

    private final SwiftStoreConfig config;
    private final SSLContext ssl;
    private final SwiftClient client;
    private final Map<String, SwiftAccount> accounts = new ConcurrentHashMap<>();
    private final Set<String> knownContainers = ConcurrentHashMap.newKeySet();
    private final Clock clock;

    /**
     * Adds in progress in this JVM, by storage URL, container and object. Swift's
     * {@code If-None-Match: *} refuses an object that exists, but two uploads that overlap both
     * pass it (the later one then silently wins); reserving the name first makes concurrent adds
     * of one id in this JVM atomic. Across processes only If-None-Match protects.
     */
    private static final AddReservations ADDING = new AddReservations();

    SwiftStoreDriver(SwiftStoreConfig config, Clock clock, Duration backoff) {
        super(TYPE, config.writeReference() != null, WRITE_CHUNK);
        this.config = config;
        this.clock = clock;
        HttpSettings settings = config.http();
        this.ssl = tls(config);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout()).sslContext(ssl)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.client = new SwiftClient(http, ssl, settings.insecure(), config.requestRetries(),
                settings.connectTimeout(), settings.requestTimeout(), backoff);
        if (config.writeReference() == null) {
            LOG.warn("swift store: no credentials for reference '{}' (swift_store_auth_address, swift_store_user, "
                    + "swift_store_key or swift_store_config_file): the store is read-only", config.defaultReference());
        }
    }

    /**
     * Opens a driver from options.
     *
     * @param options the backend's options
     * @return the driver
     * @throws BadStoreConfigurationException if an option is invalid
     */
    public static SwiftStoreDriver open(StoreOptions options) {
        return new SwiftStoreDriver(SwiftStoreConfig.from(options), Clock.systemUTC(), Duration.ofMillis(200));
    }

    /**
     * Checks options as {@link #open(StoreOptions)} does, reading the local files it reads (the
     * swift config file, the CA bundle) and contacting nothing.
     *
     * @param options the backend's options
     * @throws BadStoreConfigurationException naming the option at fault
     */
    public static void validate(StoreOptions options) {
        tls(SwiftStoreConfig.from(options));
    }

    private static SSLContext tls(SwiftStoreConfig config) {
        return TlsTrust.context(config.http().cacert(), config.http().insecure(), SwiftOptions.CACERT.name(),
                "swift store");
    }

    /**
     * Opens a driver with a given retry backoff (tests use a short one).
     *
     * @param config the configuration
     * @param backoff first retry delay, doubled per retry
     * @return the driver
     */
    public static SwiftStoreDriver open(SwiftStoreConfig config, Duration backoff) {
        return new SwiftStoreDriver(config, Clock.systemUTC(), backoff);
    }

    /**
     * The configuration.
     *
     * @return the configuration
     */
    public SwiftStoreConfig config() {
        return config;
    }

    SwiftClient client() {
        return client;
    }

    @Override
    public SwiftLocation parseLocation(String uri) {
        return SwiftLocation.parse(uri);
    }

    /**
     * Authenticates with the reference new images are written with, and checks that the
     * container of new images exists (or will be created on the first add). In multi-tenant
     * mode, or with a container seed, containers are per image: only the account is checked.
     *
     * @return the storage URL and what was found
     * @throws BadStoreConfigurationException if no credentials are configured (the store is
     *     read-only and has nothing of its own to contact)
     */
    @Override
    public String checkConnection() throws IOException {
        SwiftReference reference = config.writeReference();
        if (reference == null) {
            throw new BadStoreConfigurationException("swift store: reference '" + config.defaultReference()
                    + "' has no credentials: the store is read-only and has nothing of its own to contact");
        }
        SwiftClient.Target target = new SwiftClient.Target(account(reference), null);
        String storageUrl = target.account().token().storageUrl();
        boolean perImage = config.multiTenant() || config.containersSeed() > 0;
        String container = perImage ? null : config.container();
        HttpResponse<Void> head = client.send(target, "HEAD " + (perImage ? "account" : container),
                r -> perImage ? HttpRequest.newBuilder(java.net.URI.create(r.base())).method("HEAD",
                        HttpRequest.BodyPublishers.noBody())
                        : r.to(container, null).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding());
        if (head.statusCode() == 404 && !perImage) {
            if (!config.createContainerOnPut()) {
                throw new BadStoreConfigurationException("swift_store_container '" + container + "' does not exist at "
                        + storageUrl + "; create it or set swift_store_create_container_on_put");
            }
            return "storage " + storageUrl + ", container " + container + " missing: created on the first add";
        }
        if (head.statusCode() / 100 != 2) {
            throw SwiftErrors.of(head.statusCode(), "HEAD " + (perImage ? storageUrl : container));
        }
        return "storage " + storageUrl + (perImage ? ", containers per image" : ", container " + container);
    }

    // ---------------------------------------------------------------------------------------
    // Accounts

    private SwiftAccount account(SwiftReference reference) {
        return accounts.computeIfAbsent(reference.identity(), k -> {
            Authenticator authenticator = reference.authVersion().equals("1")
                    ? new TempAuthAuthenticator(client.http(), reference, config.http().requestTimeout())
                    : new KeystoneAuthenticator(reference, config, client.http());
            // swift_store_endpoint overrides the storage URL that auth answers, as in glance_store.
            return new SwiftAccount(authenticator, config.expireSoon(), clock, config.endpoint());
        });
    }

    private SwiftReference writeReference() {
        SwiftReference reference = config.writeReference();
        if (reference == null) {
            throw new BadStoreConfigurationException("swift store: reference '" + config.defaultReference()
                    + "' has no credentials");
        }
        return reference;
    }

    private SwiftClient.Target target(SwiftLocation location) {
        if (location.isConfigReference()) {
            SwiftReference reference = config.references().get(location.reference().orElseThrow());
            if (reference == null) {
                throw new BadStoreUriException("swift location " + location.maskedUri() + " names reference '"
                        + location.reference().orElseThrow() + "', which the swift config file does not define");
            }
            return new SwiftClient.Target(account(reference), null);
        }
        if (location.hasCredentials()) {
            SwiftReference reference = SwiftReference.fromLocation(location.authUrl().orElseThrow(),
                    location.user().orElseThrow(), location.key().orElseThrow(), config.writeReference());
            SwiftReference own = config.writeReference();
            if (own != null && own.authAddress().replaceAll("/+$", "").equals(reference.authAddress())
                    && own.user() != null && own.user().equals(reference.user()) && own.key().equals(reference.key())) {
                reference = own;
            }
            return new SwiftClient.Target(account(reference), null);
        }
        // No credentials: a multi-tenant location, whose address is the storage URL of the account.
        return new SwiftClient.Target(account(writeReference()), location.authUrl().orElseThrow());
    }

    // ---------------------------------------------------------------------------------------
    // Write

    @Override
    public WriteSession openWrite(String imageId, long sizeHint) throws IOException {
        SwiftReference reference = writeReference();
        SwiftAccount account = account(reference);
        String container = config.containerFor(imageId);
        SwiftClient.Target target = new SwiftClient.Target(account, null);
        Token token = account.token();
        SwiftLocation location;
        String scheme;
        if (config.multiTenant()) {
            scheme = token.storageUrl().startsWith("http://") ? "swift+http" : "swift+https";
            location = SwiftLocation.withoutCredentials(scheme, token.storageUrl(), container, imageId);
            target = new SwiftClient.Target(account, token.storageUrl());
        } else if (config.useConfigFile()) {
            location = SwiftLocation.configReference(reference.name(), container, imageId);
        } else if (reference.user() == null) {
            scheme = token.storageUrl().startsWith("http://") ? "swift+http" : "swift+https";
            location = SwiftLocation.withoutCredentials(scheme, token.storageUrl(), container, imageId);
            target = new SwiftClient.Target(account, token.storageUrl());
        } else {
            scheme = reference.plainHttp() ? "swift+http" : "swift+https";
            location = SwiftLocation.withCredentials(scheme, reference.user(), reference.key(),
                    reference.authAddress(), container, imageId);
        }
        String reservation = target.base(token) + "/" + container + "/" + imageId;
        SwiftClient.Target writeTarget = target;
        SwiftLocation written = location;
        return ADDING.open(reservation, imageId, "container " + container,
                () -> open(writeTarget, container, imageId, written, sizeHint, reservation));
    }

    void release(String reservation) {
        ADDING.release(reservation);
    }

    private WriteSession open(SwiftClient.Target target, String container, String imageId, SwiftLocation location,
            long sizeHint, String reservation) throws IOException {
        ensureContainer(target, container);
        // Fails early on an existing image; the If-None-Match of every PUT keeps it atomic.
        HttpResponse<Void> head = client.send(target, "HEAD " + container + "/" + imageId,
                r -> r.to(container, imageId).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding());
        if (head.statusCode() / 100 == 2) {
            throw new DuplicateException("image " + imageId + " already exists in container " + container);
        }
        if (head.statusCode() != 404) {
            throw SwiftErrors.of(head.statusCode(), "HEAD " + container + "/" + imageId);
        }
        return new SwiftWrite(this, target, location, sizeHint, reservation);
    }

    private void ensureContainer(SwiftClient.Target target, String container) throws IOException {
        String key = target.account().hashCode() + "|" + target.storageUrl() + "|" + container;
        if (knownContainers.contains(key)) {
            return;
        }
        HttpResponse<Void> head = client.send(target, "HEAD " + container,
                r -> r.to(container, null).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding());
        if (head.statusCode() == 404) {
            if (!config.createContainerOnPut() && !config.multiTenant()) {
                throw new BackendException("container " + container + " does not exist in Swift; create it or set "
                        + SwiftOptions.CREATE_CONTAINER.name());
            }
            client.sendOk(target, "PUT " + container, r -> r.to(container, null)
                    .PUT(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        } else if (head.statusCode() / 100 != 2) {
            throw SwiftErrors.of(head.statusCode(), "HEAD " + container);
        }
        knownContainers.add(key);
    }

    // ---------------------------------------------------------------------------------------
    // Read

    @Override
    public long size(StoreLocation location) throws IOException {
        SwiftLocation swift = (SwiftLocation) location;
        return sizeOf(target(swift), swift.container(), swift.object());
    }

    long sizeOf(SwiftClient.Target target, String container, String object) throws IOException {
        HttpResponse<Void> head = client.sendOk(target, "HEAD " + container + "/" + object,
                r -> r.to(container, object).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding());
        return head.headers().firstValueAsLong("Content-Length").orElseThrow(() ->
                new BackendException("HEAD " + container + "/" + object + ": no Content-Length"));
    }

    @Override
    public InputStream openRead(StoreLocation location, long offset, long length) throws IOException {
        SwiftLocation swift = (SwiftLocation) location;
        SwiftClient.Target target = target(swift);
        String container = swift.container();
        String object = swift.object();
        String what = "GET " + container + "/" + object;
        if (length == 0) {
            sizeOf(target, container, object);
            return InputStream.nullInputStream();
        }
        // A body that breaks, ends early or stalls past swift_store_request_timeout_ms is resumed
        // up to swift_store_retry_get_count times, as glance_store's swift_retry_iter does.
        ResumingRangeStream.RangeOpener opener = (first, last) -> ResumingRangeStream.Body.of(
                client.openRange(target, what, container, object, first, last));
        return new ResumingRangeStream(opener, offset, length, config.retryGetCount(), what,
                (failure, position, resumed) -> { }).start();
    }

    // ---------------------------------------------------------------------------------------
    // Delete

    private static final Pattern GLANCE_SEGMENT = Pattern.compile("-\\d{5,}");

    @Override
    public void delete(StoreLocation location) throws IOException {
        SwiftLocation swift = (SwiftLocation) location;
        SwiftClient.Target target = target(swift);
        String container = swift.container();
        String object = swift.object();
        String what = container + "/" + object;
        HttpResponse<Void> head = client.sendOk(target, "HEAD " + what,
                r -> r.to(container, object).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding());
        boolean slo = head.headers().firstValue("X-Static-Large-Object").map(v -> v.equalsIgnoreCase("true"))
                .orElse(false);
        Optional<String> dlo = head.headers().firstValue("X-Object-Manifest");
        if (slo) {
            // Swift deletes the segments the manifest lists, then the manifest.
            client.sendOk(target, "DELETE " + what + " (static large object)",
                    r -> r.to(container, object, "multipart-manifest=delete").DELETE(),
                    HttpResponse.BodyHandlers.discarding());
        } else {
            // The manifest first: readers then see the image gone, never a shortened one.
            deleteObject(target, container, object);
            if (dlo.isPresent()) {
                deleteSegments(target, URLDecoder.decode(dlo.get(), StandardCharsets.UTF_8), object);
            }
        }
        if (config.multiTenant() && container.equals(config.container() + "_" + object)) {
            HttpResponse<Void> gone = client.send(target, "DELETE " + container,
                    r -> r.to(container, null).DELETE(), HttpResponse.BodyHandlers.discarding());
            if (gone.statusCode() / 100 != 2 && gone.statusCode() != 404 && gone.statusCode() != 409) {
                LOG.warn("DELETE {} answered HTTP {}; the empty container stays", container, gone.statusCode());
            }
        }
    }

    private void deleteObject(SwiftClient.Target target, String container, String object) throws IOException {
        client.sendOk(target, "DELETE " + container + "/" + object, r -> r.to(container, object).DELETE(),
                HttpResponse.BodyHandlers.discarding());
    }

    /**
     * Deletes a DLO's segments: the objects under the manifest's prefix. For glance_store's own
     * naming ({@code <container>/<obj>-}) only {@code <obj>-<digits>} are taken, so that the images
     * whose ids merely start with {@code <obj>-} are left alone (glance_store would delete them).
     */
    private void deleteSegments(SwiftClient.Target target, String manifest, String object) throws IOException {
        int slash = manifest.indexOf('/');
        if (slash <= 0) {
            LOG.warn("manifest {} names no container; its segments are left", manifest);
            return;
        }
        String segmentContainer = manifest.substring(0, slash);
        String prefix = manifest.substring(slash + 1);
        boolean glanceNaming = prefix.equals(object + "-");
        for (String name : list(target, segmentContainer, prefix)) {
            if (glanceNaming && !GLANCE_SEGMENT.matcher(name.substring(object.length())).matches()) {
                continue;
            }
            try {
                deleteObject(target, segmentContainer, name);
            } catch (NotFoundException e) {
                // deleted concurrently: the goal is reached
            } catch (GlanceStoreException e) {
                LOG.warn("segment {}/{} could not be deleted and is left behind: {}", segmentContainer, name,
                        e.getMessage());
            }
        }
    }

    /** Names of the objects of a container under a prefix, following Swift's pagination. */
    List<String> list(SwiftClient.Target target, String container, String prefix) throws IOException {
        List<String> names = new ArrayList<>();
        String marker = "";
        while (true) {
            String query = "format=json&prefix=" + SwiftClient.encode(prefix)
                    + (marker.isEmpty() ? "" : "&marker=" + SwiftClient.encode(marker));
            HttpResponse<byte[]> response = client.send(target, "GET " + container + "?prefix=" + prefix,
                    r -> r.to(container, null, query).GET(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                return names;
            }
            if (response.statusCode() / 100 != 2) {
                throw SwiftErrors.of(response.statusCode(), "GET " + container + "?prefix=" + prefix);
            }
            if (response.statusCode() == 204 || response.body().length == 0) {
                return names;
            }
            JsonNode page = JSON.readTree(response.body());
            if (!page.isArray() || page.isEmpty()) {
                return names;
            }
            for (JsonNode entry : page) {
                names.add(entry.path("name").asText());
            }
            marker = names.get(names.size() - 1);
        }
    }

    void deleteQuietly(SwiftClient.Target target, String container, String object) {
        try {
            deleteObject(target, container, object);
        } catch (NotFoundException e) {
            // already gone
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}/{} could not be deleted after a failed add and is left behind: {}", container, object,
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        accounts.clear();
    }

    @Override
    public String toString() {
        return "SwiftStoreDriver{container=" + config.container() + ", reference=" + config.defaultReference() + "}";
    }
}
