package io.glancestore.s3;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.location.LocationSyntax;
import io.glancestore.location.ObjectStoreLocation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Location of an image in an S3 store, in glance_store's form
 * {@code s3://<access key>:<secret key>@<service address>/<bucket>/<key>}: {@code s3://} when the
 * store's endpoint is HTTP, {@code s3+https://} when it is HTTPS ({@code s3+http://} is read too).
 * The service address is the endpoint without its scheme, {@code host[:port][/path]}; the key is
 * the image id. As glance_store writes them, the credentials are not quoted (AWS secret keys hold
 * {@code /} and {@code +}), and a location without credentials is read with the store's own.
 *
 * <p>The secret key is never shown: {@link #maskedUri()}, {@link #toString()} and every error
 * message print {@code ***} instead.
 *
 * <p>Stricter than glance_store, which reads these differently from what was written, or fails
 * on them with an unexpected error: more than one {@code @}, a {@code :} in the secret key or in
 * neither key, {@code ?}, {@code #}, {@code [}, {@code ]} or {@code //} in the credentials, empty
 * path segments, control characters, and a host that is not a DNS name or an IP address.
 */
public final class S3Location extends ObjectStoreLocation {

    /** The endpoint is HTTP (as glance_store writes it for an {@code http://} host). */
    public static final String SCHEME = "s3";
    /** The endpoint is HTTP (read, never written by glance_store). */
    public static final String SCHEME_HTTP = "s3+http";
    /** The endpoint is HTTPS. */
    public static final String SCHEME_HTTPS = "s3+https";

    /** Every scheme of S3 locations. */
    public static final List<String> SCHEMES = List.of(SCHEME, SCHEME_HTTP, SCHEME_HTTPS);

    private static final String KIND = "s3";

    private final String accessKey;
    private final String secretKey;
    private final String serviceAddress;
    private final String bucket;
    private final String key;

    private S3Location(String scheme, String accessKey, String secretKey, String serviceAddress, String bucket,
            String key) {
        super(scheme, accessKey, secretKey, serviceAddress, bucket, key);
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.serviceAddress = serviceAddress;
        this.bucket = bucket;
        this.key = key;
    }

    /**
     * Parses an {@code s3://}, {@code s3+http://} or {@code s3+https://} location. The last two
     * path segments are the bucket and the key; what lies between the credentials and them is
     * the service address.
     *
     * @param uri the URI
     * @return the location
     * @throws BadStoreUriException if the URI is malformed; the message shows it masked
     */
    public static S3Location parse(String uri) {
        String scheme = uri == null ? null
                : SCHEMES.stream().filter(s -> uri.startsWith(s + "://")).findFirst().orElse(null);
        if (scheme == null) {
            throw invalid(uri, "must start with s3://, s3+http:// or s3+https://");
        }
        String bad = LocationSyntax.badCharacter(uri);
        if (bad != null) {
            throw invalid(uri, bad);
        }
        String rest = uri.substring(scheme.length() + 3);
        if (rest.contains("://")) {
            throw invalid(uri, "more than one '://'; for an https endpoint use s3+https:// instead of an address"
                    + " with its own scheme");
        }
        String accessKey = null;
        String secretKey = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            if (rest.indexOf('@') != at) {
                throw invalid(uri, "more than one '@' (glance_store cannot read it)");
            }
            String credentials = rest.substring(0, at);
            int colon = credentials.indexOf(':');
            if (colon < 0) {
                throw invalid(uri, "credentials must be <access key>:<secret key>");
            }
            accessKey = credentials.substring(0, colon);
            secretKey = credentials.substring(colon + 1);
            rest = rest.substring(at + 1);
        }
        String[] path = rest.split("/", -1);
        if (path.length < 3) {
            throw invalid(uri, "must be <service address>/<bucket>/<key>");
        }
        String service = String.join("/", List.of(path).subList(0, path.length - 2));
        return create(scheme, accessKey, secretKey, service, path[path.length - 2], path[path.length - 1], uri);
    }

    /**
     * A location with credentials, as the store writes it.
     *
     * @param scheme {@link #SCHEME}, {@link #SCHEME_HTTP} or {@link #SCHEME_HTTPS}
     * @param accessKey the access key
     * @param secretKey the secret key
     * @param serviceAddress the endpoint without its scheme: {@code host[:port][/path]}
     * @param bucket the bucket
     * @param key the object key, the image id
     * @return the location
     * @throws BadStoreUriException if a part cannot be written so that glance_store reads it back
     */
    public static S3Location withCredentials(String scheme, String accessKey, String secretKey, String serviceAddress,
            String bucket, String key) {
        return create(checkedScheme(scheme), Objects.requireNonNull(accessKey, "accessKey"),
                Objects.requireNonNull(secretKey, "secretKey"), serviceAddress, bucket, key, null);
    }

    /**
     * A location without credentials: the store reads it with its own.
     *
     * @param scheme {@link #SCHEME}, {@link #SCHEME_HTTP} or {@link #SCHEME_HTTPS}
     * @param serviceAddress the endpoint without its scheme: {@code host[:port][/path]}
     * @param bucket the bucket
     * @param key the object key, the image id
     * @return the location
     * @throws BadStoreUriException if a part is malformed
     */
    public static S3Location withoutCredentials(String scheme, String serviceAddress, String bucket, String key) {
        return create(checkedScheme(scheme), null, null, serviceAddress, bucket, key, null);
    }

    private static String checkedScheme(String scheme) {
        if (!SCHEMES.contains(scheme)) {
            throw new BadStoreUriException("invalid s3 location scheme: must be one of " + SCHEMES);
        }
        return scheme;
    }

    private static S3Location create(String scheme, String accessKey, String secretKey, String service, String bucket,
            String key, String uri) {
        String problem = credentialsProblem(accessKey, secretKey);
        if (problem == null) {
            problem = serviceProblem(Objects.requireNonNull(service, "serviceAddress"));
        }
        if (problem == null) {
            problem = nameProblem(Objects.requireNonNull(bucket, "bucket"), "bucket");
        }
        if (problem == null) {
            problem = nameProblem(Objects.requireNonNull(key, "key"), "key");
        }
        if (problem != null) {
            throw uri == null ? new BadStoreUriException("invalid s3 location: " + problem) : invalid(uri, problem);
        }
        return new S3Location(scheme, accessKey, secretKey, service, bucket, key);
    }

    private static String credentialsProblem(String accessKey, String secretKey) {
        if (accessKey == null) {
            return null;
        }
        if (accessKey.isEmpty() || secretKey.isEmpty()) {
            return "empty access key or secret key";
        }
        for (String credential : new String[] {accessKey, secretKey}) {
            String bad = LocationSyntax.badCharacter(credential);
            if (bad != null) {
                return bad + " in the credentials";
            }
            for (String forbidden : new String[] {"@", ":", "?", "#", "[", "]", "//"}) {
                if (credential.contains(forbidden)) {
                    return "the credentials hold '" + forbidden + "', which glance_store cannot read back";
                }
            }
        }
        if (accessKey.contains("/")) {
            return "the access key holds '/', which glance_store cannot read back";
        }
        return null;
    }

    private static String serviceProblem(String service) {
        String bad = LocationSyntax.badCharacter(service);
        if (bad != null) {
            return bad;
        }
        String[] segments = service.split("/", -1);
        String problem = LocationSyntax.hostPortProblem(segments[0]);
        if (problem != null) {
            return problem;
        }
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].isEmpty()) {
                return "empty segment in the service address";
            }
            if (segments[i].indexOf('?') >= 0 || segments[i].indexOf('#') >= 0 || segments[i].indexOf('@') >= 0) {
                return "'?', '#' and '@' are not allowed in the service address";
            }
        }
        return null;
    }

    private static String nameProblem(String name, String what) {
        if (name.isEmpty()) {
            return "empty " + what;
        }
        String bad = LocationSyntax.badCharacter(name);
        if (bad != null) {
            return bad + " in the " + what;
        }
        for (char c : new char[] {'/', '?', '#', '@'}) {
            if (name.indexOf(c) >= 0) {
                return "the " + what + " must not contain '/', '?', '#' or '@'";
            }
        }
        return null;
    }

    /**
     * The masked error. The shared masking keeps what precedes a {@code :} in the credentials;
     * credentials without one may be a secret key alone, so they are hidden whole.
     */
    private static BadStoreUriException invalid(String uri, String reason) {
        String shown = uri;
        int start = uri == null ? -1 : uri.indexOf("://");
        int at = uri == null ? -1 : uri.lastIndexOf('@');
        if (start >= 0 && at > start && uri.substring(start + 3, at).indexOf(':') < 0) {
            shown = uri.substring(0, start + 3) + LocationSyntax.MASK + uri.substring(at);
        }
        return LocationSyntax.invalid(KIND, shown, reason);
    }

    /**
     * The access key.
     *
     * @return the access key, empty if the URI holds no credentials
     */
    public Optional<String> accessKey() {
        return Optional.ofNullable(accessKey);
    }

    /**
     * The secret key. A secret: do not log it.
     *
     * @return the secret key, empty if the URI holds no credentials
     */
    public Optional<String> secretKey() {
        return Optional.ofNullable(secretKey);
    }

    /**
     * The endpoint without its scheme, as glance_store writes it.
     *
     * @return {@code host[:port][/path]}
     */
    public String serviceAddress() {
        return serviceAddress;
    }

    /**
     * Whether the endpoint is reached over HTTPS ({@code s3+https}).
     *
     * @return {@code true} for HTTPS
     */
    public boolean https() {
        return scheme().equals(SCHEME_HTTPS);
    }

    /**
     * The bucket.
     *
     * @return the bucket name
     */
    public String bucket() {
        return bucket;
    }

    /**
     * The object key.
     *
     * @return the key
     */
    public String key() {
        return key;
    }
}
