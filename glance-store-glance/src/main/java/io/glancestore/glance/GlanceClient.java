package io.glancestore.glance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glancestore.ImageData;
import io.glancestore.ReadOptions;
import io.glancestore.copy.ExpectedHashes;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.InvalidException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.glance.internal.GlanceAuth;
import io.glancestore.glance.internal.GlanceHttp;
import io.glancestore.glance.internal.ImageJson;
import io.glancestore.glance.internal.OpenStack4jImages;
import io.glancestore.support.ImageIds;
import io.glancestore.keystone.CloudConfig;
import io.glancestore.keystone.HttpSettings;
import io.glancestore.keystone.KeystoneCredentials;
import io.glancestore.keystone.KeystoneSession;
import io.glancestore.keystone.KeystoneToken;
import io.glancestore.keystone.TrustedIdentity;
import io.glancestore.location.Locations;
import io.glancestore.support.CheckedImageStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A client of the Glance v2 API, for what an SDK of Glance's stores needs of it: image records
 * with their locations and hashes, locations added with validation data and removed,
 * {@code copy-image} imports, deletes from one store, uploads and downloads. Reading, listing,
 * creating and deleting records goes through OpenStack4j's image service; the rest, which
 * OpenStack4j does not have (or would buffer whole images for), through the JDK's HTTP client.
 *
 * <p>Authentication: a Keystone v3 password or application credential (the Glance endpoint then
 * comes from the token's catalog, unless given), no authentication, or identity headers taken
 * on trust by a Glance without Keystone's middleware (tests and trusted networks only). Build
 * one from the {@code OS_*} variables and clouds.yaml with {@link #fromEnvironment()}, or with
 * {@link #builder()}. Thread-safe; credentials never appear in messages or {@link #toString()}.
 *
 * <pre>{@code
 * try (GlanceClient glance = GlanceClient.fromEnvironment()) {
 *     GlanceImage image = glance.image(id);
 *     image.locations().forEach(l -> System.out.println(l.store() + " " + l));
 * }
 * }</pre>
 */
public final class GlanceClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATCH = "application/openstack-images-v2.1-json-patch";
    private static final int PAGE = 500;

    private final GlanceAuth auth;
    private final GlanceHttp http;
    private final OpenStack4jImages images;
    private final Duration pollInterval;

    private GlanceClient(GlanceAuth auth, String endpoint, HttpClient client, Builder b) {
        this.auth = auth;
        this.http = new GlanceHttp(endpoint, auth, client, b.settings.requestTimeout());
        this.images = new OpenStack4jImages(endpoint, auth, b.settings.connectTimeout(), b.settings.requestTimeout());
        this.pollInterval = b.pollInterval;
    }

    /**
     * Starts configuring a client.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client configured by the {@code OS_*} environment variables and the clouds.yaml
     * {@code OS_CLOUD} names, as the OpenStack tools are.
     *
     * @return the client
     * @throws BadStoreConfigurationException if the configuration is incomplete
     */
    public static GlanceClient fromEnvironment() {
        return builder().cloud(CloudConfig.fromEnvironment()).build();
    }

    /**
     * Glance's URL, without the API version.
     *
     * @return the endpoint
     */
    public String endpoint() {
        return http.endpoint();
    }

    /**
     * An image record ({@code GET /v2/images/<id>}).
     *
     * @param imageId the id
     * @return the image
     * @throws NotFoundException if Glance has no such image (or hides it from this caller)
     */
    public GlanceImage image(String imageId) {
        return images.get(ImageIds.validate(imageId));
    }

    /**
     * Every image record this caller may see, paged through by id.
     *
     * @return the images
     */
    public List<GlanceImage> images() {
        List<GlanceImage> all = new ArrayList<>();
        String marker = null;
        while (true) {
            List<GlanceImage> page = images.list(PAGE, marker);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            marker = page.get(page.size() - 1).id();
        }
    }

    /**
     * Creates an image record, without data ({@code POST /v2/images}): status {@code queued}.
     *
     * @param spec what to create
     * @return the new record
     * @throws io.glancestore.exception.DuplicateException if the id is taken
     */
    public GlanceImage createImage(NewImage spec) {
        if (spec.id() != null) {
            ImageIds.validate(spec.id());
        }
        return images.create(spec);
    }

    /**
     * Deletes an image record and, as Glance does, the data behind each of its locations.
     *
     * @param imageId the id
     */
    public void deleteImage(String imageId) {
        images.delete(ImageIds.validate(imageId));
    }

    /**
     * Adds a location to an image ({@code PATCH}, {@code add /locations/-}). A queued image
     * becomes active, with the validation data as its checksum and hash; an active image must
     * have these hashes already (Glance answers 409 otherwise). Glance checks that the backend
     * has data there, and reads its size, but never checks the hashes against the data.
     *
     * @param imageId the image
     * @param url the location URI
     * @param store the Glance store it is in (its {@code store} metadata), or {@code null}
     * @param validation the hashes of the data (both md5 and multihash), or
     *     {@link ExpectedHashes#none()}
     * @return the image afterwards
     * @throws UnsupportedLocationException for {@code file://} locations, which Glance refuses
     * @throws InvalidException if Glance refuses the location (missing data, malformed hashes)
     */
    public GlanceImage addLocation(String imageId, String url, String store, ExpectedHashes validation) {
        ImageIds.validate(imageId);
        if (Locations.scheme(url).equals("file")) {
            throw new UnsupportedLocationException("glance refuses file:// locations through its API; for a file"
                    + " store, upload the image through Glance or copy it there with Glance's copy-image import");
        }
        ObjectNode op = JSON.createObjectNode().put("op", "add").put("path", "/locations/-");
        ObjectNode value = op.putObject("value").put("url", url);
        ObjectNode metadata = value.putObject("metadata");
        if (store != null) {
            metadata.put("store", store);
        }
        if (validation.any()) {
            if (validation.md5() == null || validation.multihash() == null) {
                throw new InvalidException("glance's validation data needs both the md5 and the multihash");
            }
            value.putObject("validation_data").put("checksum", validation.md5())
                    .put("os_hash_algo", validation.hashAlgorithm()).put("os_hash_value", validation.multihash());
        }
        return patch(imageId, op, "add location " + Locations.mask(url) + " to image " + imageId);
    }

    /**
     * Removes a location of an image; Glance deletes the data behind it. An image keeps at least
     * one location: removing the last is refused (403).
     *
     * @param imageId the image
     * @param url the location URI
     * @return the image afterwards
     * @throws NotFoundException if the image does not list that location
     */
    public GlanceImage removeLocation(String imageId, String url) {
        GlanceImage image = image(imageId);
        int index = -1;
        for (int i = 0; i < image.locations().size(); i++) {
            if (image.locations().get(i).url().equals(url)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new NotFoundException("glance: image " + imageId + " has no location " + Locations.mask(url));
        }
        ObjectNode op = JSON.createObjectNode().put("op", "remove").put("path", "/locations/" + index);
        return patch(imageId, op, "remove location " + Locations.mask(url) + " of image " + imageId);
    }

    private GlanceImage patch(String imageId, ObjectNode op, String action) {
        ArrayNode ops = JSON.createArrayNode().add(op);
        return ImageJson.parse(http.json("PATCH", "/v2/images/" + imageId, PATCH, ops, action, 200));
    }

    /**
     * Starts Glance's {@code copy-image} import of an active image into more stores
     * ({@code POST /v2/images/<id>/import}). Glance answers before the copy starts: see
     * {@link #awaitStores}.
     *
     * @param imageId the image
     * @param stores the stores to copy into
     * @param allStoresMustSucceed whether one failed store fails the import
     */
    public void copyImage(String imageId, Collection<String> stores, boolean allStoresMustSucceed) {
        ImageIds.validate(imageId);
        ObjectNode body = JSON.createObjectNode();
        body.putObject("method").put("name", "copy-image");
        ArrayNode list = body.putArray("stores");
        stores.forEach(s -> list.add(storeId(s)));
        body.put("all_stores_must_succeed", allStoresMustSucceed);
        http.json("POST", "/v2/images/" + imageId + "/import", "application/json", body,
                "copy-image of image " + imageId + " into " + stores, 202);
    }

    /**
     * Waits until an image is in every given store, as after a {@code copy-image} import. The
     * import's task may not have marked its stores as pending yet when this is called: only
     * the image's {@code stores} and {@code os_glance_failed_import} count.
     *
     * @param imageId the image
     * @param stores the stores
     * @param timeout how long to wait
     * @return the image, in every store
     * @throws BackendException if Glance reports the import failed for one of them, or on timeout
     */
    public GlanceImage awaitStores(String imageId, Collection<String> stores, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            GlanceImage image = image(imageId);
            if (image.stores().containsAll(stores)) {
                return image;
            }
            List<String> failed = image.failedImport().stream().filter(stores::contains).toList();
            if (!failed.isEmpty()) {
                throw new BackendException("glance: copying image " + imageId + " into " + failed + " failed");
            }
            if (System.nanoTime() > deadline) {
                throw new BackendException("glance: image " + imageId + " is not in " + stores + " after " + timeout
                        + " (in " + image.stores() + ", importing to " + image.importingToStores() + ")");
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while waiting for image " + imageId);
            }
        }
    }

    /**
     * Deletes an image's data from one store and its location there
     * ({@code DELETE /v2/stores/<store>/<id>}). Glance refuses to delete the only copy (403).
     *
     * @param store the store
     * @param imageId the image
     * @throws NotFoundException if the image is not in that store
     */
    public void deleteFromStore(String store, String imageId) {
        ImageIds.validate(imageId);
        http.json("DELETE", "/v2/stores/" + storeId(store) + "/" + imageId, null, null,
                "delete image " + imageId + " from store " + store, 204);
    }

    /**
     * Uploads an image's data through Glance ({@code PUT /v2/images/<id>/file}) into a store;
     * Glance computes its checksum and hash.
     *
     * @param imageId a queued image
     * @param store the store, or {@code null} for Glance's default
     * @param data the bytes, read to the end (not closed)
     * @param size how many, or -1 if unknown
     */
    public void upload(String imageId, String store, InputStream data, long size) {
        ImageIds.validate(imageId);
        Map<String, String> headers = store == null ? Map.of() : Map.of("X-Image-Meta-Store", storeId(store));
        http.upload("/v2/images/" + imageId + "/file", headers, data, size, "upload of image " + imageId);
    }

    /**
     * Downloads an image through Glance, verified: the bytes must match the hashes Glance
     * records (checked when the stream ends, a mismatch throws
     * {@link io.glancestore.exception.ChecksumMismatchException}).
     *
     * @param image the image record (for its size and hashes)
     * @return the bytes; close them
     * @throws io.glancestore.exception.VerificationFailedException if Glance records no hash
     */
    public ImageData download(GlanceImage image) {
        ReadOptions verify = GlanceImageReader.verification(image);
        String action = "download of image " + image.id();
        HttpResponse<InputStream> r = http.download("/v2/images/" + ImageIds.validate(image.id()) + "/file", action);
        // Without Content-Length (chunked, as through some proxies) the stream must still end
        // at the record's size: the checked stream counts the bytes.
        long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (image.size() == null || (length >= 0 && length != image.size())) {
            try {
                r.body().close();
            } catch (IOException e) {
                // the mismatch is what matters
            }
            throw new BackendException("glance: " + action + " announces " + length + " bytes, the image has "
                    + image.size());
        }
        long size = image.size();
        return ImageData.of(new CheckedImageStream(r.body(), size, verify.progressListener(), verify,
                "glance " + action, null), 0, size, size);
    }

    /**
     * The stores of a multi-store Glance ({@code GET /v2/info/stores}).
     *
     * @return the stores
     */
    public List<GlanceStoreInfo> stores() {
        JsonNode answer = http.json("GET", "/v2/info/stores", null, null, "list stores", 200);
        List<GlanceStoreInfo> stores = new ArrayList<>();
        for (JsonNode s : answer.path("stores")) {
            stores.add(new GlanceStoreInfo(s.path("id").asText(), s.path("description").asText(null),
                    s.path("default").asBoolean(false)));
        }
        return stores;
    }

    private static String storeId(String store) {
        Objects.requireNonNull(store, "store");
        if (!store.matches("[A-Za-z0-9_.~-]{1,255}")) {
            throw new InvalidException("not a Glance store id: " + Locations.printable(store));
        }
        return store;
    }

    /** Nothing to release: connections are the HTTP clients' own. */
    @Override
    public void close() {
        // the JDK's HttpClient of Java 17 has nothing to close
    }

    @Override
    public String toString() {
        return "GlanceClient{" + http.endpoint() + ", auth=" + auth + "}";
    }

    /** Configures a {@link GlanceClient}. */
    public static final class Builder {
        private String endpoint;
        private KeystoneCredentials credentials;
        private TrustedIdentity trusted;
        private String interfaceName = "public";
        private String region;
        private HttpSettings settings = HttpSettings.defaults();
        private Duration pollInterval = Duration.ofMillis(250);

        private Builder() {
        }

        /**
         * Everything from an OpenStack client configuration: auth, endpoint (an
         * {@code image_endpoint_override}, or {@code endpoint} without Keystone), interface,
         * region, TLS trust (the timeouts stay as they are).
         *
         * @param cloud the configuration
         * @return this builder
         */
        public Builder cloud(CloudConfig cloud) {
            cloud.credentials().ifPresent(this::credentials);
            cloud.trustedIdentity().ifPresent(this::trustedIdentity);
            endpoint = cloud.endpointOverride("image").orElse(cloud.endpoint().orElse(endpoint));
            interfaceName = cloud.interfaceName();
            region = cloud.regionName().orElse(null);
            settings = settings.tls(cloud.http().cacert(), cloud.http().insecure());
            return this;
        }

        /**
         * Glance's URL (without {@code /v2}); with Keystone credentials, overrides the catalog's.
         *
         * @param url the URL
         * @return this builder
         */
        public Builder endpoint(String url) {
            this.endpoint = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Authenticates with Keystone.
         *
         * @param credentials the credentials
         * @return this builder
         */
        public Builder credentials(KeystoneCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * Claims an identity by headers that Glance takes on trust: only for a Glance without
         * Keystone's middleware that only trusted clients reach (tests, trusted networks).
         *
         * @param identity the identity
         * @return this builder
         */
        public Builder trustedIdentity(TrustedIdentity identity) {
            this.trusted = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /**
         * Which catalog endpoint to use: {@code public} (default), {@code internal}, {@code admin}.
         *
         * @param name the interface
         * @return this builder
         */
        public Builder interfaceName(String name) {
            this.interfaceName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * The catalog region to use (default: any).
         *
         * @param name the region
         * @return this builder
         */
        public Builder region(String name) {
            this.region = name;
            return this;
        }

        /**
         * TLS trust and timeouts of every request, to Glance and to Keystone (default:
         * {@link HttpSettings#defaults()}: the JVM's CAs, 10 s to connect, 60 s for an answer's
         * headers; downloads then stream as long as they take).
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder http(HttpSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * How often {@link GlanceClient#awaitStores} looks (default 250 ms).
         *
         * @param interval the interval
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Builds the client. With Keystone credentials and no endpoint, authenticates once to
         * find Glance in the catalog.
         *
         * @return the client
         * @throws BadStoreConfigurationException if neither an endpoint nor credentials are given,
         *     or the catalog has no image endpoint
         */
        public GlanceClient build() {
            HttpClient client = settings.newClient("glance client");
            GlanceAuth auth;
            String url = endpoint;
            if (credentials != null) {
                KeystoneSession session = KeystoneSession.builder(credentials).http(settings).client(client).build();
                auth = GlanceAuth.keystone(session);
                if (url == null) {
                    url = catalogEndpoint(session);
                }
            } else {
                auth = trusted != null ? GlanceAuth.trusted(trusted) : GlanceAuth.none();
            }
            if (url == null) {
                throw new BadStoreConfigurationException("glance: no endpoint (OS_ENDPOINT, image_endpoint_override)"
                        + " and no Keystone credentials to find it in the catalog");
            }
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new BadStoreConfigurationException("glance endpoint must start with http:// or https://: "
                        + Locations.printable(Locations.mask(url)));
            }
            // Catalogs name Glance with or without its version; requests add /v2 themselves.
            url = url.replaceAll("/+$", "").replaceFirst("/v2(\\.\\d+)?$", "");
            return new GlanceClient(auth, url, client, this);
        }

        private String catalogEndpoint(KeystoneSession session) {
            KeystoneToken token;
            try {
                token = session.token();
            } catch (IOException e) {
                throw new io.glancestore.exception.RemoteServiceUnavailableException("keystone at "
                        + session.credentials().authUrl() + " cannot be reached: " + e.getClass().getSimpleName(), e);
            }
            return token.endpoint("image", interfaceName, region).orElseThrow(() ->
                    new BadStoreConfigurationException("keystone's catalog has no " + interfaceName
                            + " image endpoint" + (region != null ? " in region " + region : "")
                            + "; set image_endpoint_override (OS_IMAGE_ENDPOINT_OVERRIDE)"));
        }
    }
}
