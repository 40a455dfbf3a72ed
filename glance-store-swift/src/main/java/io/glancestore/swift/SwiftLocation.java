package io.glancestore.swift;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.location.HostPort;
import io.glancestore.location.LocationSyntax;
import io.glancestore.location.Locations;
import io.glancestore.location.ObjectStoreLocation;
import io.glancestore.location.PercentCodec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Location of an image in a Swift store, in one of glance_store's forms:
 * <ul>
 *   <li>{@code swift+https://<user>:<key>@<auth address>/<container>/<object>}: credentials in the
 *       URI, user and key percent-quoted as Python's {@code quote(part, '')} (a user
 *       {@code proj:glance} is written {@code proj%3Aglance}; glance_store itself leaves
 *       {@code /} unquoted, which it then cannot read back); the auth address is
 *       {@code host[:port][/path]};</li>
 *   <li>{@code swift+https://<address>/<container>/<object>}: no credentials, either single-tenant
 *       with credentials from configuration or multi-tenant, where the address is the tenant's
 *       storage URL;</li>
 *   <li>{@code swift+config://<reference>/<container>/<object>}: the credentials and auth address
 *       are kept in a separate swift config file under the reference name.</li>
 * </ul>
 * The schemes {@code swift} and {@code swift+https} mean the address is reached over HTTPS,
 * {@code swift+http} over HTTP. Container and object names are written as they are, as
 * glance_store does.
 *
 * <p>The key is a secret: {@link #maskedUri()}, {@link #toString()} and all error messages show
 * {@code ***} instead.
 *
 * <p>Stricter than glance_store, which would fail on or silently misread these: an {@code @}
 * anywhere but at the end of the credentials (credentials must quote {@code @} and {@code /} as
 * {@code %40} and {@code %2F}; an unquoted {@code /} would end the authority early), {@code ?},
 * {@code #}, control characters (Python drops CR and LF), empty path segments, and empty user,
 * key, container or object names.
 */
public final class SwiftLocation extends ObjectStoreLocation {

    /** HTTPS to the auth address (the default, same as {@code swift+https}). */
    public static final String SCHEME_SWIFT = "swift";
    /** HTTP to the auth address. */
    public static final String SCHEME_HTTP = "swift+http";
    /** HTTPS to the auth address. */
    public static final String SCHEME_HTTPS = "swift+https";
    /** Credentials and auth address come from the swift config file, under a reference name. */
    public static final String SCHEME_CONFIG = "swift+config";

    private static final List<String> SCHEMES = List.of(SCHEME_SWIFT, SCHEME_HTTP, SCHEME_HTTPS, SCHEME_CONFIG);
    private static final String KIND = "swift";
    /* An '@' after the authority is most likely the end of credentials holding an unquoted '/'. */
    private static final String AT_HINT = " (credentials must quote '/' and '@' as %2F and %40)";

    private final String user;
    private final String key;
    private final String address;
    private final String reference;
    private final String container;
    private final String object;

    /*
     * Quotes '/' in credentials too, unlike glance_store (quote's default keeps '/'): a '/' there
     * would end the authority and glance_store could not read its own URI back.
     */
    private SwiftLocation(String scheme, String user, String key, String address, String reference,
            String container, String object) {
        super(scheme, key == null ? null : PercentCodec.quote(user, ""),
                key == null ? null : PercentCodec.quote(key, ""), address != null ? address : reference, container,
                object);
        this.user = user;
        this.key = key;
        this.address = address;
        this.reference = reference;
        this.container = container;
        this.object = object;
    }

    /**
     * Parses a {@code swift}, {@code swift+http}, {@code swift+https} or {@code swift+config}
     * location. The last two path segments are the container and the object; what lies between
     * the credentials and them is the auth address. A colon-separated user such as
     * {@code account:user:key} is split at the last unquoted {@code :}, as glance_store does.
     *
     * @param uri the URI
     * @return the location
     * @throws BadStoreUriException if the URI is malformed; the message shows it masked
     */
    public static SwiftLocation parse(String uri) {
        String scheme = uri == null ? null : SCHEMES.stream()
                .filter(s -> uri.startsWith(s + "://")).findFirst().orElse(null);
        if (scheme == null) {
            throw invalid(uri, "must start with swift://, swift+http://, swift+https:// or swift+config://");
        }
        String bad = LocationSyntax.badCharacter(uri);
        if (bad != null) {
            throw invalid(uri, bad);
        }
        if (uri.indexOf("://", scheme.length() + 3) >= 0) {
            throw invalid(uri, "more than one '://'; for an http auth address use swift+http://"
                    + " instead of an address with its own scheme");
        }
        if (uri.indexOf('?') >= 0 || uri.indexOf('#') >= 0) {
            throw invalid(uri, "'?' and '#' are not allowed (glance_store would drop what follows)");
        }
        String rest = uri.substring(scheme.length() + 3);
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw invalid(uri, "no container and object");
        }
        String authority = rest.substring(0, slash);
        String[] path = rest.substring(slash + 1).split("/", -1);
        if (path.length < 2) {
            throw invalid(uri, "no container and object");
        }
        String container = path[path.length - 2];
        String object = path[path.length - 1];
        String addressPath = String.join("/", List.of(path).subList(0, path.length - 2));
        if (scheme.equals(SCHEME_CONFIG)) {
            if (!addressPath.isEmpty()) {
                throw invalid(uri, "swift+config locations must be swift+config://<reference>/<container>/<object>");
            }
            return create(scheme, null, null, null, authority, container, object, uri);
        }
        int at = authority.indexOf('@');
        if (rest.lastIndexOf('@') > Math.max(at, slash)) {
            throw invalid(uri, "'@' is only allowed at the end of the credentials" + AT_HINT);
        }
        if (at != authority.lastIndexOf('@')) {
            throw invalid(uri, "more than one '@'; credentials must quote '@' as %40");
        }
        String user = null;
        String key = null;
        if (at >= 0) {
            String credentials = authority.substring(0, at);
            int colon = credentials.lastIndexOf(':');
            if (colon < 0) {
                throw new BadStoreUriException("invalid swift location "
                        + Locations.mask(scheme + "://" + LocationSyntax.MASK + rest.substring(at))
                        + ": credentials must be <user>:<key>");
            }
            try {
                user = PercentCodec.unquote(credentials.substring(0, colon), false);
                key = PercentCodec.unquote(credentials.substring(colon + 1), false);
            } catch (IllegalArgumentException e) {
                throw invalid(uri, "in credentials: " + e.getMessage());
            }
            if (user.isEmpty() || key.isEmpty()) {
                throw invalid(uri, "empty user or key");
            }
        }
        String address = authority.substring(at + 1) + (addressPath.isEmpty() ? "" : "/" + addressPath);
        return create(scheme, user, key, address, null, container, object, uri);
    }

    /**
     * A location with credentials in the URI.
     *
     * <p>glance_store misreads a key that contains {@code :} (it decodes the credentials before
     * splitting them at the last {@code :}); avoid such keys in locations Python services read.
     *
     * @param scheme {@code swift}, {@code swift+http} or {@code swift+https}
     * @param user the user, e.g. {@code project:user}
     * @param key the key (password)
     * @param authAddress the auth address, {@code host[:port][/path]}; a leading
     *     {@code http://} or {@code https://} matching the scheme and surrounding {@code /} are
     *     dropped, as glance_store does
     * @param container the container
     * @param object the object name
     * @return the location
     * @throws BadStoreUriException if a part is empty, malformed or holds control characters
     */
    public static SwiftLocation withCredentials(String scheme, String user, String key, String authAddress,
            String container, String object) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(key, "key");
        if (user.isEmpty() || key.isEmpty()) {
            throw new BadStoreUriException("invalid swift location: empty user or key");
        }
        return build(scheme, user, key, authAddress, container, object);
    }

    /**
     * A location without credentials: single-tenant with credentials from configuration, or
     * multi-tenant where the address is the storage URL of the image owner's account.
     *
     * @param scheme {@code swift}, {@code swift+http} or {@code swift+https}
     * @param address {@code host[:port][/path]}; a leading {@code http://} or {@code https://}
     *     matching the scheme and surrounding {@code /} are dropped
     * @param container the container
     * @param object the object name
     * @return the location
     * @throws BadStoreUriException if a part is empty, malformed or holds control characters
     */
    public static SwiftLocation withoutCredentials(String scheme, String address, String container, String object) {
        return build(scheme, null, null, address, container, object);
    }

    /**
     * A {@code swift+config://} location, whose credentials and auth address are looked up in
     * the swift config file under {@code reference}.
     *
     * @param reference the reference name (a section of the swift config file)
     * @param container the container
     * @param object the object name
     * @return the location
     * @throws BadStoreUriException if a part is empty or malformed
     */
    public static SwiftLocation configReference(String reference, String container, String object) {
        Objects.requireNonNull(reference, "reference");
        return create(SCHEME_CONFIG, null, null, null, reference, strip(container, "container"),
                strip(object, "object"), null);
    }

    private static SwiftLocation build(String scheme, String user, String key, String address,
            String container, String object) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(address, "address");
        if (!SCHEMES.contains(scheme) || scheme.equals(SCHEME_CONFIG)) {
            throw new BadStoreUriException("invalid swift location: scheme must be swift, swift+http or swift+https");
        }
        boolean https = !scheme.equals(SCHEME_HTTP);
        String bare = address;
        if (address.startsWith("http://") || address.startsWith("https://")) {
            if (address.startsWith("https://") != https) {
                throw new BadStoreUriException("invalid swift location: address scheme does not match " + scheme);
            }
            bare = address.substring(address.indexOf("://") + 3);
        }
        return create(scheme, user, key, stripSlashes(bare), null, strip(container, "container"),
                strip(object, "object"), null);
    }

    /**
     * Validates the parts and builds the location. {@code uri} is the parsed text, to show
     * (masked) in messages, or {@code null} when building from parts.
     */
    private static SwiftLocation create(String scheme, String user, String key, String address, String reference,
            String container, String object, String uri) {
        String problem = address == null ? referenceProblem(reference) : addressProblem(address);
        for (String name : new String[] {container, object}) {
            if (problem == null) {
                problem = nameProblem(name);
            }
        }
        for (String credential : new String[] {user, key}) {
            String bad = credential == null ? null : LocationSyntax.badCharacter(credential);
            if (problem == null && bad != null) {
                problem = bad + " in credentials";
            }
        }
        if (problem != null) {
            throw uri == null ? new BadStoreUriException("invalid swift location: " + problem) : invalid(uri, problem);
        }
        return new SwiftLocation(scheme, user, key, address, reference, container, object);
    }

    private static String addressProblem(String address) {
        String bad = LocationSyntax.badCharacter(address);
        if (bad != null) {
            return bad;
        }
        int slash = address.indexOf('/');
        String hostPort = slash < 0 ? address : address.substring(0, slash);
        String problem = HostPort.problem(hostPort);
        if (problem != null || slash < 0) {
            return problem;
        }
        for (String segment : address.substring(slash + 1).split("/", -1)) {
            if (segment.isEmpty()) {
                return "empty segment in the auth address path";
            }
            if (segment.indexOf('?') >= 0 || segment.indexOf('#') >= 0 || segment.indexOf('@') >= 0) {
                return "'?', '#' and '@' are not allowed in the address path" + AT_HINT;
            }
        }
        return null;
    }

    private static String referenceProblem(String reference) {
        if (reference.isEmpty()) {
            return "empty reference";
        }
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if ("/?#@%".indexOf(c) >= 0 || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "a reference must not contain '/', '?', '#', '@', '%', whitespace or control characters";
            }
        }
        return null;
    }

    private static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "empty container or object name";
        }
        String bad = LocationSyntax.badCharacter(name);
        if (bad != null) {
            return bad;
        }
        if (name.indexOf('/') >= 0 || name.indexOf('?') >= 0 || name.indexOf('#') >= 0 || name.indexOf('@') >= 0) {
            return "container and object names must not contain '/', '?', '#' or '@'" + AT_HINT;
        }
        return null;
    }

    /** glance_store strips surrounding '/' from container and object before writing them. */
    private static String strip(String name, String what) {
        return stripSlashes(Objects.requireNonNull(name, what));
    }

    private static String stripSlashes(String s) {
        int begin = 0;
        int end = s.length();
        while (begin < end && s.charAt(begin) == '/') {
            begin++;
        }
        while (end > begin && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(begin, end);
    }

    private static BadStoreUriException invalid(String uri, String reason) {
        return LocationSyntax.invalid(KIND, uri, reason);
    }

    /**
     * The user, decoded.
     *
     * @return the user, empty if the URI holds no credentials
     */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /**
     * The key, decoded. A secret: do not log it.
     *
     * @return the key, empty if the URI holds no credentials
     */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /**
     * The auth address ({@code host[:port][/path]}, no scheme) with credentials, or the storage
     * URL of a multi-tenant location.
     *
     * @return the address, empty for a {@code swift+config} location
     */
    public Optional<String> authAddress() {
        return Optional.ofNullable(address);
    }

    /**
     * The {@link #authAddress()} as a URL: {@code http://} for {@code swift+http}, else
     * {@code https://}.
     *
     * @return the URL, empty for a {@code swift+config} location (its address is in the config)
     */
    public Optional<String> authUrl() {
        return authAddress().map(a -> (scheme().equals(SCHEME_HTTP) ? "http://" : "https://") + a);
    }

    /**
     * The reference name of a {@code swift+config} location.
     *
     * @return the reference, empty for other schemes
     */
    public Optional<String> reference() {
        return Optional.ofNullable(reference);
    }

    /**
     * The container.
     *
     * @return the container name
     */
    public String container() {
        return container;
    }

    /**
     * The object name.
     *
     * @return the object name
     */
    public String object() {
        return object;
    }

    /**
     * Whether the URI itself holds a user and key.
     *
     * @return {@code true} if it does
     */
    public boolean hasCredentials() {
        return key != null;
    }

    /**
     * Whether this is a {@code swift+config} location.
     *
     * @return {@code true} if the credentials are found by reference
     */
    public boolean isConfigReference() {
        return reference != null;
    }
}
