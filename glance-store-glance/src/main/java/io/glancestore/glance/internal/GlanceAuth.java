package io.glancestore.glance.internal;

import io.glancestore.keystone.KeystoneSession;
import io.glancestore.keystone.KeystoneToken;
import io.glancestore.keystone.TrustedIdentity;
import java.io.IOException;
import java.util.Map;

/**
 * How requests to Glance say who they are: a Keystone token, identity headers Glance takes on
 * trust (a Glance without Keystone's middleware), or nothing.
 *
 * @param session the Keystone session whose tokens are sent, or {@code null}
 * @param identity the identity headers taken on trust, or {@code null}
 */
public record GlanceAuth(KeystoneSession session, TrustedIdentity identity) {

    /**
     * Checks that at most one way is given.
     *
     * @throws IllegalArgumentException if both a session and trusted headers are given
     */
    public GlanceAuth {
        if (session != null && identity != null) {
            throw new IllegalArgumentException("a Keystone session or trusted headers, not both");
        }
    }

    /** Tokens of a Keystone session. */
    public static GlanceAuth keystone(KeystoneSession session) {
        return new GlanceAuth(session, null);
    }

    /** Identity headers taken on trust. */
    public static GlanceAuth trusted(TrustedIdentity identity) {
        return new GlanceAuth(null, identity);
    }

    /** No authentication. */
    public static GlanceAuth none() {
        return new GlanceAuth(null, null);
    }

    /** The current token, or {@code null} without Keystone. */
    public KeystoneToken token() throws IOException {
        return session == null ? null : session.token();
    }

    /** A new token instead of a refused one; {@code null} without Keystone (nothing to renew). */
    public KeystoneToken renew(KeystoneToken refused) throws IOException {
        return session == null ? null : session.renew(refused);
    }

    /** The headers that authenticate a request made with {@code token}. */
    public Map<String, String> headers(KeystoneToken token) {
        if (token != null) {
            return Map.of("X-Auth-Token", token.id());
        }
        return identity == null ? Map.of() : identity.headers();
    }

    /** Says which way requests authenticate, without any secret. */
    @Override
    public String toString() {
        return session != null ? "keystone " + session.credentials()
                : identity != null ? "trusted headers of project " + identity.projectId() : "none";
    }
}
