package io.glancestore.s3.internal;

import io.glancestore.location.LocationSyntax;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the store's requests go: the endpoint of {@code s3_store_host} (HTTP when it names no
 * scheme, as glance_store takes it), how buckets are addressed, and the region requests are
 * signed for.
 *
 * @param https whether the endpoint is HTTPS
 * @param host the host, IPv6 addresses in brackets
 * @param port the port, or -1 for the scheme's default
 * @param basePath a path before the buckets ({@code ""} or {@code /a/b})
 * @param style how buckets are addressed
 * @param region the signing region
 */
public record S3Endpoint(boolean https, String host, int port, String basePath, Style style, String region) {

    /** How a bucket appears in request URLs ({@code s3_store_bucket_url_format}). */
    public enum Style {
        /** Virtual-hosted on AWS hosts for DNS-compatible bucket names, path-style elsewhere. */
        AUTO,
        /** {@code https://<bucket>.<host>/<key>}. */
        VIRTUAL,
        /** {@code https://<host>/<bucket>/<key>}: what every S3-compatible server serves. */
        PATH;

        static Optional<Style> named(String name) {
            for (Style s : values()) {
                if (s.name().equalsIgnoreCase(name.strip())) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    private static final Pattern AWS_REGIONAL = Pattern.compile("s3[.-]([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");
    private static final Pattern DNS_BUCKET = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    /**
     * Reads an endpoint as glance_store does: {@code https://} and {@code http://} as written,
     * anything else as an HTTP host.
     *
     * @param hostOption the value of {@code s3_store_host}
     * @param style how buckets are addressed
     * @param region the signing region, or empty to take it from an AWS host name (else
     *     {@code us-east-1}, which S3-compatible servers accept)
     * @return the endpoint
     * @throws IllegalArgumentException if the value is malformed (see {@link #problem})
     */
    static S3Endpoint parse(String hostOption, Style style, Optional<String> region) {
        String problem = problem(hostOption);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        String value = hostOption.strip();
        boolean https = value.regionMatches(true, 0, "https://", 0, 8);
        String address = stripScheme(value);
        int slash = address.indexOf('/');
        String authority = slash < 0 ? address : address.substring(0, slash);
        String path = slash < 0 ? "" : address.substring(slash);
        URI uri = URI.create((https ? "https://" : "http://") + authority);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return new S3Endpoint(https, host, uri.getPort(), path, style, region.filter(r -> !r.isBlank())
                .map(String::strip).orElseGet(() -> regionOf(host)));
    }

    /**
     * What is wrong with a value of {@code s3_store_host}, if anything.
     *
     * @param value the value
     * @return the problem (never quoting the value), or {@code null}
     */
    static String problem(String value) {
        String address = stripScheme(value.strip());
        if (address.contains("://")) {
            return "must be http://host[:port][/path], https://host[:port][/path] or host[:port]";
        }
        if (LocationSyntax.badCharacter(address) != null) {
            return "holds a control character";
        }
        String[] segments = address.split("/", -1);
        String hostProblem = LocationSyntax.hostPortProblem(segments[0]);
        if (hostProblem != null) {
            return hostProblem.contains("credentials") ? "must not hold credentials" : hostProblem;
        }
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].isEmpty() || segments[i].indexOf('?') >= 0 || segments[i].indexOf('#') >= 0
                    || segments[i].indexOf('%') >= 0) {
                return "has an empty path segment or '?', '#' or '%' in its path";
            }
        }
        return null;
    }

    /** The address without scheme and trailing slashes, as glance_store writes it into locations. */
    private static String stripScheme(String value) {
        String v = value;
        if (v.regionMatches(true, 0, "https://", 0, 8)) {
            v = v.substring(8);
        } else if (v.regionMatches(true, 0, "http://", 0, 7)) {
            v = v.substring(7);
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    /** The region of an AWS host name, as glance_store's table of them; us-east-1 for anything else. */
    static String regionOf(String host) {
        Matcher m = AWS_REGIONAL.matcher(host);
        return m.matches() ? m.group(1) : "us-east-1";
    }

    /**
     * The endpoint without its scheme, as glance_store writes it into locations.
     *
     * @return {@code host[:port][/path]}
     */
    public String serviceAddress() {
        return authority() + basePath;
    }

    /** Host and port as HttpURLConnection sends them in {@code Host}: no port when it is the default. */
    private String authority() {
        boolean defaultPort = port == -1 || port == (https ? 443 : 80);
        return defaultPort ? host : host + ":" + port;
    }

    /** Whether a bucket is addressed in the host name. */
    boolean virtual(String bucket) {
        if (style == Style.PATH) {
            return false;
        }
        boolean dns = DNS_BUCKET.matcher(bucket).matches();
        return style == Style.VIRTUAL ? dns : dns && (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"));
    }

    /**
     * The value of the {@code Host} header of a request to a bucket.
     *
     * @param bucket the bucket, or {@code null} for the service itself
     * @return the host header
     */
    String hostHeader(String bucket) {
        return bucket != null && virtual(bucket) ? bucket + "." + authority() : authority();
    }

    /**
     * The path of a request, percent-encoded as SigV4 signs it (S3 encodes a key once, keeping
     * {@code /}).
     *
     * @param bucket the bucket, or {@code null}
     * @param key the key, or {@code null}
     * @return the path, at least {@code /}
     */
    String path(String bucket, String key) {
        StringBuilder b = new StringBuilder(basePath);
        if (bucket != null && !virtual(bucket)) {
            b.append('/').append(encode(bucket, false));
        }
        if (key != null) {
            b.append('/').append(encode(key, true));
        }
        return b.length() == 0 ? "/" : b.toString();
    }

    /**
     * The URL of a request.
     *
     * @param bucket the bucket, or {@code null}
     * @param key the key, or {@code null}
     * @param query the canonical query string, or {@code ""}
     * @return the URL
     */
    URI url(String bucket, String key, String query) {
        return URI.create((https ? "https://" : "http://") + hostHeader(bucket) + path(bucket, key)
                + (query.isEmpty() ? "" : "?" + query));
    }

    /**
     * Percent-encodes as SigV4 does: RFC 3986's unreserved characters stay, everything else is
     * {@code %XX} of its UTF-8 bytes, {@code /} kept when asked.
     *
     * @param text the text
     * @param keepSlash whether {@code /} stays (object keys in paths)
     * @return the encoded text
     */
    static String encode(String text, boolean keepSlash) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~' || (keepSlash && c == '/')) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return (https ? "https://" : "http://") + serviceAddress();
    }
}
