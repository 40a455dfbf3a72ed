package io.glancestore.s3.internal;

import io.glancestore.exception.BackendException;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.location.StoreLocation;
import io.glancestore.s3.S3Location;
import io.glancestore.s3.internal.S3Client.Reply;
import io.glancestore.s3.internal.S3Client.Request;
import io.glancestore.spi.AbstractStoreDriver;
import io.glancestore.spi.StoreOptions;
import io.glancestore.spi.WriteSession;
import io.glancestore.support.AddReservations;
import io.glancestore.support.TlsTrust;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The s3 store driver: image {@code <id>} is object {@code <id>} of the bucket, as glance_store's
 * s3 driver writes it, read and deleted at the location's bucket and key through the store's
 * endpoint, with the location's credentials (the store's when it has none), as glance_store does.
 */
public final class S3StoreDriver extends AbstractStoreDriver {

    /** The Glance store type. */
    public static final String TYPE = "s3";

    private static final Logger LOG = LoggerFactory.getLogger(S3StoreDriver.class);
    private static final int WRITE_CHUNK = 1 << 20;
    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * Adds in progress in this JVM, by endpoint, bucket and key. S3 refuses a PUT or completion
     * with {@code If-None-Match: *} over an existing object, but two uploads that overlap both
     * pass it on servers that ignore the header for completions; reserving the name first makes
     * concurrent adds of one id in this JVM atomic.
     */
    private static final AddReservations ADDING = new AddReservations();

    private final S3StoreConfig config;
    private final S3Client client;
    private final ExecutorService uploads;
    private final Set<String> knownBuckets = ConcurrentHashMap.newKeySet();

    S3StoreDriver(S3StoreConfig config, Duration backoff, Clock clock) {
        super(TYPE, config.writable(), WRITE_CHUNK);
        this.config = config;
        this.client = new S3Client(config.endpoint(), sockets(config.cacert()), config.requestRetries(),
                config.connectTimeout(), config.requestTimeout(), backoff, clock);
        this.uploads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "glance-store-s3-upload-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        if (!config.writable()) {
            LOG.warn("s3 store: s3_store_access_key, s3_store_secret_key or s3_store_bucket is not set: the store"
                    + " only reads locations that carry credentials");
        }
    }

    /**
     * Opens a driver from options.
     *
     * @param options the backend's options
     * @return the driver
     * @throws BadStoreConfigurationException if an option is invalid
     */
    public static S3StoreDriver open(StoreOptions options) {
        return new S3StoreDriver(S3StoreConfig.from(options), Duration.ofMillis(200), Clock.systemUTC());
    }

    /**
     * Opens a driver with a given first retry delay (tests use a short one).
     *
     * @param options the backend's options
     * @param backoff the first retry delay, doubled per retry
     * @return the driver
     */
    public static S3StoreDriver open(StoreOptions options, Duration backoff) {
        return new S3StoreDriver(S3StoreConfig.from(options), backoff, Clock.systemUTC());
    }

    /**
     * Checks options as {@link #open(StoreOptions)} does, reading the CA bundle it reads and
     * contacting nothing.
     *
     * @param options the backend's options
     * @throws BadStoreConfigurationException naming the option at fault
     */
    public static void validate(StoreOptions options) {
        sockets(S3StoreConfig.from(options).cacert());
    }

    /** The sockets of HTTPS requests: the JDK's default ({@code null}), or only the CAs of the bundle. */
    private static SSLSocketFactory sockets(Path cacert) {
        return cacert == null ? null
                : TlsTrust.context(cacert, false, S3Options.CACERT.name(), "s3 store").getSocketFactory();
    }

    /**
     * The configuration.
     *
     * @return the configuration
     */
    public S3StoreConfig config() {
        return config;
    }

    S3Client client() {
        return client;
    }

    ExecutorService uploads() {
        return uploads;
    }

    @Override
    public S3Location parseLocation(String uri) {
        return S3Location.parse(uri);
    }

    /**
     * Whether a location is this store's: an s3 location of this store's endpoint. Any s3
     * location can still be read through this store ({@link #parseLocation} takes it), as
     * glance_store reads every s3 location through its configured host; a registry of several
     * s3 stores routes by endpoint.
     */
    @Override
    public boolean handles(String uri) {
        try {
            return S3Location.parse(uri).serviceAddress().toLowerCase(Locale.ROOT)
                    .equals(config.endpoint().serviceAddress().toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Checks the store's credentials and bucket: a HEAD of the bucket, which S3 answers only for
     * valid keys.
     *
     * @return the endpoint and what was found
     */
    @Override
    public String checkConnection() throws IOException {
        if (!config.writable()) {
            throw new BadStoreConfigurationException("s3 store: no credentials or bucket of its own to check"
                    + " (s3_store_access_key, s3_store_secret_key, s3_store_bucket)");
        }
        String what = "HEAD " + config.bucket();
        Reply reply = client.call(config.credentials(), Request.of("HEAD", config.bucket(), null, what), null);
        if (reply.status() == 404) {
            if (!config.createBucketOnPut()) {
                throw new BadStoreConfigurationException("s3_store_bucket '" + config.bucket() + "' does not exist at "
                        + config.endpoint() + "; create it or set s3_store_create_bucket_on_put");
            }
            return config.endpoint() + ", bucket " + config.bucket() + " missing: created on the first add";
        }
        check(reply, what);
        return config.endpoint() + ", bucket " + config.bucket();
    }

    // ---------------------------------------------------------------------------------------
    // Write

    @Override
    public WriteSession openWrite(String imageId, long sizeHint) throws IOException {
        if (!config.writable()) {
            throw new BadStoreConfigurationException("s3 store: s3_store_access_key, s3_store_secret_key and"
                    + " s3_store_bucket must be set to add images");
        }
        S3Credentials credentials = config.credentials();
        S3Location location = S3Location.withCredentials(config.endpoint().https() ? S3Location.SCHEME_HTTPS
                : S3Location.SCHEME, credentials.accessKey(), credentials.secretKey(),
                config.endpoint().serviceAddress(), config.bucket(), imageId);
        String reservation = config.endpoint() + "/" + config.bucket() + "/" + imageId;
        return ADDING.open(reservation, imageId, "bucket " + config.bucket(), () -> {
            ensureBucket(credentials, config.bucket());
            String what = "HEAD " + config.bucket() + "/" + imageId;
            Reply head = client.call(credentials, Request.of("HEAD", config.bucket(), imageId, what), null);
            if (head.ok()) {
                throw new DuplicateException("image " + imageId + " already exists in bucket " + config.bucket());
            }
            if (head.status() != 404) {
                throw S3Errors.of(head.status(), null, what);
            }
            return new S3Write(this, credentials, location, sizeHint, reservation);
        });
    }

    void release(String reservation) {
        ADDING.release(reservation);
    }

    private void ensureBucket(S3Credentials credentials, String bucket) throws IOException {
        if (knownBuckets.contains(bucket)) {
            return;
        }
        String what = "HEAD " + bucket;
        Reply head = client.call(credentials, Request.of("HEAD", bucket, null, what), null);
        if (head.status() == 404) {
            if (!config.createBucketOnPut()) {
                throw new BackendException("bucket " + bucket + " does not exist in S3; create it or set"
                        + " s3_store_create_bucket_on_put");
            }
            createBucket(credentials, bucket);
        } else {
            check(head, what);
        }
        knownBuckets.add(bucket);
    }

    private void createBucket(S3Credentials credentials, String bucket) throws IOException {
        String what = "PUT " + bucket;
        Request create = Request.of("PUT", bucket, null, what);
        String region = config.endpoint().region();
        if (!region.equals("us-east-1")) {
            byte[] body = ("<CreateBucketConfiguration><LocationConstraint>" + region
                    + "</LocationConstraint></CreateBucketConfiguration>").getBytes(StandardCharsets.UTF_8);
            create.body(body, 0, body.length);
        }
        Reply reply = client.call(credentials, create, null);
        if (!reply.ok() && !"BucketAlreadyOwnedByYou".equals(reply.code())) {
            check(reply, what);
        }
        LOG.info("s3 store: created bucket {} at {}", bucket, config.endpoint());
    }

    void abortUpload(S3Credentials credentials, String bucket, String key, String uploadId) {
        String what = "DELETE " + bucket + "/" + key + "?uploadId";
        try {
            Reply reply = client.call(credentials, Request.of("DELETE", bucket, key, what)
                    .query("uploadId=" + S3Endpoint.encode(uploadId, false)), null);
            if (!reply.ok() && reply.status() != 404) {
                throw S3Errors.of(reply.status(), reply.code(), what);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("multipart upload {} of {}/{} could not be aborted; its parts are left behind until a"
                    + " bucket lifecycle rule removes them: {}", uploadId, bucket, key, e.getMessage());
        }
    }

    void deleteQuietly(S3Credentials credentials, String bucket, String key) {
        try {
            deleteObject(credentials, bucket, key);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}/{} could not be deleted after a failed add and is left behind: {}", bucket, key,
                    e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------
    // Read, size, delete

    private S3Credentials credentials(S3Location location) {
        if (location.accessKey().isPresent()) {
            return new S3Credentials(location.accessKey().get(), location.secretKey().orElseThrow());
        }
        if (config.credentials() == null) {
            throw new BadStoreConfigurationException("s3 location " + location + " carries no credentials and the"
                    + " store has none (s3_store_access_key, s3_store_secret_key)");
        }
        return config.credentials();
    }

    private static S3Location s3(StoreLocation location) {
        if (!(location instanceof S3Location)) {
            throw new IllegalArgumentException("not an s3 location: " + location);
        }
        return (S3Location) location;
    }

    @Override
    public long size(StoreLocation location) throws IOException {
        S3Location loc = s3(location);
        return sizeOf(credentials(loc), loc.bucket(), loc.key());
    }

    long sizeOf(S3Credentials credentials, String bucket, String key) throws IOException {
        String what = "HEAD " + bucket + "/" + key;
        Reply reply = client.call(credentials, Request.of("HEAD", bucket, key, what), null);
        check(reply, what);
        String length = reply.header("Content-Length")
                .orElseThrow(() -> new BackendException(what + ": no Content-Length in the answer"));
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            throw new BackendException(what + ": Content-Length is not a number");
        }
    }

    @Override
    public InputStream openRead(StoreLocation location, long offset, long length) throws IOException {
        S3Location loc = s3(location);
        S3Credentials credentials = credentials(loc);
        String what = "GET " + loc.bucket() + "/" + loc.key();
        return ObjectRangeOpener.read((first, last, ifMatch) -> client.openRange(credentials, loc.bucket(), loc.key(),
                first, last, ifMatch, what), offset, length, config.retryGetCount(), what);
    }

    @Override
    public void delete(StoreLocation location) throws IOException {
        S3Location loc = s3(location);
        S3Credentials credentials = credentials(loc);
        // S3 answers 204 for a key that is not there: HEAD first, as glance_store does, for NotFound.
        sizeOf(credentials, loc.bucket(), loc.key());
        deleteObject(credentials, loc.bucket(), loc.key());
    }

    private void deleteObject(S3Credentials credentials, String bucket, String key) throws IOException {
        String what = "DELETE " + bucket + "/" + key;
        Reply reply = client.call(credentials, Request.of("DELETE", bucket, key, what), null);
        if (reply.status() != 404) {
            check(reply, what);
        }
    }

    private static void check(Reply reply, String what) {
        if (!reply.ok()) {
            throw S3Errors.of(reply.status(), reply.code(), what);
        }
    }

    /** Lets running uploads finish; a closed driver starts no new one. */
    @Override
    public void close() {
        uploads.shutdown();
    }

    @Override
    public String toString() {
        return "S3StoreDriver{" + config.endpoint() + ", bucket=" + config.bucket() + "}";
    }
}
