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
    private final HttpSettings settings;
    private final HttpClient http;
    private final Duration expireSoon;
    private final Clock clock;
    private KeystoneToken current;

    private KeystoneSession(Builder b) {
        this.credentials = b.credentials;
        this.settings = b.settings;
        this.http = b.http != null ? b.http : b.settings.newClient("keystone session");
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
        if (credentials.method() == KeystoneCredentials.Method.PASSWORD && !settings.customTls()) {
            return OpenStack4jPasswordAuth.authenticate(credentials, settings.connectTimeout(),
                    settings.requestTimeout());
        }
        return JsonTokenRequest.authenticate(credentials, http, settings.requestTimeout());
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
        private HttpSettings settings = HttpSettings.defaults();
        private HttpClient http;
        private Duration expireSoon = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();

        private Builder(KeystoneCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
        }

        /**
         * TLS trust and timeouts of the requests to Keystone (default:
         * {@link HttpSettings#defaults()}). With a CA bundle or without checks, passwords too go
         * through this SDK's own request, since OpenStack4j cannot use such a trust.
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder http(HttpSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * The HTTP client for the requests this SDK makes itself, to share its connections with
         * another client (default: a new one made from the {@link #http(HttpSettings) settings}).
         * It must have been made with the same settings.
         *
         * @param client the client
         * @return this builder
         */
        public Builder client(HttpClient client) {
            this.http = Objects.requireNonNull(client, "client");
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
