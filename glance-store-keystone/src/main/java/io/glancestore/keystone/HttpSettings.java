package io.glancestore.keystone;

import io.glancestore.support.TlsTrust;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an OpenStack client's HTTP requests are made: the TLS trust ({@code cacert},
 * {@code insecure}, as {@link CloudConfig#http()} reads them) and the timeouts. One value for
 * the Glance client, the swift store and the Keystone sessions they open, so that a client and
 * its Keystone trust the same servers and wait as long.
 *
 * <pre>{@code
 * HttpSettings http = HttpSettings.defaults().tls(Path.of("/etc/ssl/cloud-ca.pem"), false)
 *         .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
 * }</pre>
 *
 * @param cacert a PEM bundle whose CAs alone are trusted, or {@code null} for the JVM's
 * @param insecure whether certificates go unchecked (tests only); the bundle is then ignored
 * @param connectTimeout connect timeout
 * @param requestTimeout time to wait for an answer's headers; bodies then stream as long as
 *     they take
 */
public record HttpSettings(Path cacert, boolean insecure, Duration connectTimeout, Duration requestTimeout) {

    private static final HttpSettings DEFAULTS = new HttpSettings(null, false, Duration.ofSeconds(10),
            Duration.ofSeconds(60));

    /** Checks the timeouts. */
    public HttpSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: " + connectTimeout + ", " + requestTimeout);
        }
    }

    /**
     * The JVM's CAs, a 10 s connect timeout and a 60 s request timeout.
     *
     * @return the defaults
     */
    public static HttpSettings defaults() {
        return DEFAULTS;
    }

    /**
     * These settings with another TLS trust.
     *
     * @param cacert a PEM bundle whose CAs alone are trusted, or {@code null} for the JVM's
     * @param insecure whether certificates go unchecked (tests only)
     * @return the settings
     */
    public HttpSettings tls(Path cacert, boolean insecure) {
        return new HttpSettings(cacert, insecure, connectTimeout, requestTimeout);
    }

    /**
     * These settings with other timeouts.
     *
     * @param connect the connect timeout
     * @param request the time to wait for an answer's headers
     * @return the settings
     */
    public HttpSettings timeouts(Duration connect, Duration request) {
        return new HttpSettings(cacert, insecure, connect, request);
    }

    /**
     * Whether the trust is not the JVM's own: a CA bundle, or no checks.
     *
     * @return true with a bundle or {@code insecure}
     */
    public boolean customTls() {
        return insecure || cacert != null;
    }

    /**
     * A new HTTP client with these settings' TLS trust and connect timeout, that follows no
     * redirect (a redirect would carry the token elsewhere).
     *
     * @param owner names the client in messages, e.g. {@code glance client}
     * @return the client
     * @throws io.glancestore.exception.BadStoreConfigurationException if the CA bundle cannot be
     *     read or holds no certificate
     */
    public HttpClient newClient(String owner) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (customTls()) {
            b.sslContext(TlsTrust.context(cacert, insecure, "cacert", owner));
        }
        return b.build();
    }
}
