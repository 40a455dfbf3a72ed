package io.glancestore.swift.internal;

import io.glancestore.exception.BackendException;
import io.glancestore.keystone.KeystoneCredentials;
import io.glancestore.keystone.KeystoneSession;
import io.glancestore.keystone.KeystoneToken;
import java.io.IOException;
import java.net.http.HttpClient;

/**
 * Keystone v3, project scoped, through the SDK's shared Keystone support (which picks
 * OpenStack4j or its own JSON request). The storage URL is the catalog's endpoint of
 * {@code swift_store_service_type} with the configured interface and region, unless
 * {@code swift_store_endpoint} overrides it.
 *
 * <p>The user is {@code project:user} as glance_store writes it; a user without {@code :} is
 * scoped to no project by name, which Keystone then refuses unless the user has a default one.
 */
final class KeystoneAuthenticator implements Authenticator {

    private final SwiftStoreConfig config;
    private final KeystoneSession session;

    KeystoneAuthenticator(SwiftReference reference, SwiftStoreConfig config, HttpClient http) {
        this.config = config;
        this.session = KeystoneSession.builder(credentials(reference))
                .http(config.http()).client(http).build();
    }

    /** glance_store's reference as Keystone credentials: {@code project:user}, or an application credential. */
    static KeystoneCredentials credentials(SwiftReference reference) {
        KeystoneCredentials.Builder b = KeystoneCredentials.builder(reference.authAddress());
        if (reference.applicationCredentialId() != null) {
            return b.applicationCredential(reference.applicationCredentialId(), reference.key()).build();
        }
        String user = reference.user();
        int colon = user.indexOf(':');
        String name = colon < 0 ? user : user.substring(colon + 1);
        b.password(name, reference.key()).userDomainId(reference.userDomainId())
                .userDomainName(reference.userDomainName());
        if (colon >= 0) {
            b.projectName(user.substring(0, colon)).projectDomainId(reference.projectDomainId())
                    .projectDomainName(reference.projectDomainName());
        }
        return b.build();
    }

    @Override
    public Token authenticate() throws IOException {
        KeystoneToken token = session.authenticate();
        return new Token(token.id(), storageUrl(token), token.expires().orElse(null));
    }

    private String storageUrl(KeystoneToken token) {
        if (config.endpoint() != null) {
            return config.endpoint();
        }
        return token.endpoint(config.serviceType(), config.keystoneInterface(), config.region()).orElseThrow(() ->
                new BackendException("keystone catalog has no " + config.keystoneInterface() + " endpoint of type "
                        + config.serviceType() + (config.region() != null ? " in region " + config.region() : "")
                        + "; set swift_store_endpoint"));
    }
}
