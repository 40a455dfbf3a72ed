package io.glancestore.swift.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * The token of one set of credentials, shared by every request made with them. A token that
 * expires within {@code swift_store_expire_soon_interval} is renewed before it is used; a 401 makes
 * the caller {@link #renew} it once. Concurrent renewals of the same stale token authenticate once.
 */
final class SwiftAccount {

    private final Authenticator authenticator;
    private final Duration expireSoon;
    private final Clock clock;
    private final String endpointOverride;
    private Token current;

    SwiftAccount(Authenticator authenticator, Duration expireSoon, Clock clock, String endpointOverride) {
        this.authenticator = authenticator;
        this.expireSoon = expireSoon;
        this.clock = clock;
        this.endpointOverride = endpointOverride;
    }

    /** The current token, authenticating first if there is none or it expires soon. */
    synchronized Token token() throws IOException {
        if (current == null || current.expiresWithin(expireSoon, clock.instant())) {
            current = fresh();
        }
        return current;
    }

    /** A new token instead of {@code stale}, unless another thread renewed it already. */
    synchronized Token renew(Token stale) throws IOException {
        if (current == null || current == stale) {
            current = fresh();
        }
        return current;
    }

    private Token fresh() throws IOException {
        Token token = authenticator.authenticate();
        return endpointOverride == null ? token : new Token(token.id(), endpointOverride, token.expires());
    }
}
