package io.glancestore.keystone;

import io.glancestore.keystone.internal.JsonTokenRequest;
import io.glancestore.keystone.internal.OpenStack4jPasswordAuth;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tokens for one set of credentials, shared by every request made with them: a token that
 * expires within the configured margin is renewed before it is handed out, and a caller whose
 * request was answered 401 {@link #renew renews} it once. Concurrent renewals of the same stale
 * token authenticate once. Thread-safe.
 *
 * <p>Passwords authenticate through OpenStack4j's Keystone v3 client. Application credentials,
 * which OpenStack4j 3.12 does not know, and any authentication with a CA bundle or without TLS
 * checks, which its okhttp connector cannot set up on JDK 9+, go through one JSON request of
 * this SDK's own on the JDK's HTTP client.
 */
public final class KeystoneSession {

    private final KeystoneCredentials credentials;
    private final HttpClient http;
    private final boolean customTls;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration expireSoon;
    private final Clock clock;
    private KeystoneToken current;

    private KeystoneSession(Builder b) {
        this.credentials = b.credentials;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.customTls = b.customTls;
        this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.expireSoon = b.expireSoon;
        this.clock = b.clock;
    }

    /**
     * Starts configuring a session.
     *
     * @param credentials the credentials
     * @return a builder
     */
    public static Builder builder(KeystoneCredentials credentials) {
        return new Builder(credentials);
    }

    /**
     * The credentials this session authenticates with.
     *
     * @return the credentials
     */
    public KeystoneCredentials credentials() {
        return credentials;
    }

    /**
     * Asks Keystone for a new token, whatever the cached one.
     *
     * @return the token
     * @throws IOException if Keystone cannot be reached
     * @throws io.glancestore.exception.AuthorizationFailureException if Keystone refuses the
     *     credentials
     * @throws io.glancestore.exception.RemoteServiceUnavailableException if Keystone answers 5xx
     */
    public KeystoneToken authenticate() throws IOException {
        if (credentials.method() == KeystoneCredentials.Method.PASSWORD && !customTls) {
            return OpenStack4jPasswordAuth.authenticate(credentials, connectTimeout, requestTimeout);
        }
        return JsonTokenRequest.authenticate(credentials, http, requestTimeout);
    }

    /**
     * The current token, authenticating first if there is none or it expires soon.
     *
     * @return the token
     * @throws IOException if Keystone cannot be reached
     */
    public synchronized KeystoneToken token() throws IOException {
        if (current == null || current.expiresWithin(expireSoon, clock.instant())) {
            current = authenticate();
        }
        return current;
    }

    /**
     * A new token in place of one a service refused, unless another thread renewed it already.
     *
     * @param stale the refused token
     * @return the current token
     * @throws IOException if Keystone cannot be reached
     */
    public synchronized KeystoneToken renew(KeystoneToken stale) throws IOException {
        if (current == null || current == stale) {
            current = authenticate();
        }
        return current;
    }

    @Override
    public String toString() {
        return "KeystoneSession{" + credentials + "}";
    }

    /** Configures a {@link KeystoneSession}. */
    public static final class Builder {
        private final KeystoneCredentials credentials;
        private HttpClient http;
        private boolean customTls;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration expireSoon = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();

        private Builder(KeystoneCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
        }

        /**
         * The HTTP client for the requests this SDK makes itself (default: a new one).
         *
         * @param http the client
         * @param customTls whether it trusts a CA bundle or nothing ({@link io.glancestore.support.TlsTrust}); then
         *     passwords go through it too, since OpenStack4j cannot use such a context
         * @return this builder
         */
        public Builder http(HttpClient http, boolean customTls) {
            this.http = Objects.requireNonNull(http, "http");
            this.customTls = customTls;
            return this;
        }

        /**
         * Connect timeout (default 10 s).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Time to wait for Keystone's answer (default 60 s).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * A token expiring within this margin is renewed before use (default 60 s).
         *
         * @param margin the margin
         * @return this builder
         */
        public Builder expireSoon(Duration margin) {
            this.expireSoon = Objects.requireNonNull(margin, "margin");
            return this;
        }

        /**
         * The clock expiry is judged by (tests).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the session; nothing is asked of Keystone until a token is needed.
         *
         * @return the session
         */
        public KeystoneSession build() {
            return new KeystoneSession(this);
        }
    }
}
