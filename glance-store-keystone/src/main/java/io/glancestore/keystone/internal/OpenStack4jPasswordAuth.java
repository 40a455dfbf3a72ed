package io.glancestore.keystone.internal;

import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.keystone.CatalogEndpoint;
import io.glancestore.keystone.KeystoneCredentials;
import io.glancestore.keystone.KeystoneToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openstack4j.api.OSClient;
import org.openstack4j.api.client.IOSClientBuilder;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.openstack.OSFactory;

/** Password authentication through OpenStack4j's Keystone v3 client. */
public final class OpenStack4jPasswordAuth {

    private OpenStack4jPasswordAuth() {
    }

    /**
     * Authenticates with a password.
     *
     * @param c password credentials
     * @param connectTimeout connect timeout
     * @param requestTimeout read timeout
     * @return the token
     */
    public static KeystoneToken authenticate(KeystoneCredentials c, Duration connectTimeout, Duration requestTimeout) {
        Config config = Config.newConfig().withConnectionTimeout((int) connectTimeout.toMillis())
                .withReadTimeout((int) requestTimeout.toMillis());
        try {
            IOSClientBuilder.V3 builder = OSFactory.builderV3().withConfig(config).endpoint(c.authUrl());
            if (c.userId() != null) {
                builder = builder.credentials(c.userId(), c.secret());
            } else {
                builder = builder.credentials(c.username(), c.secret(), domain(c.userDomainId(), c.userDomainName()));
            }
            if (c.projectId() != null) {
                builder = builder.scopeToProject(Identifier.byId(c.projectId()));
            } else if (c.projectName() != null) {
                builder = builder.scopeToProject(Identifier.byName(c.projectName()),
                        domain(c.projectDomainId(), c.projectDomainName()));
            }
            OSClient.OSClientV3 client = builder.authenticate();
            org.openstack4j.model.identity.v3.Token token = client.getToken();
            List<CatalogEndpoint> endpoints = new ArrayList<>();
            for (Service service : token.getCatalog() == null ? List.<Service>of() : token.getCatalog()) {
                for (Endpoint e : service.getEndpoints()) {
                    endpoints.add(new CatalogEndpoint(service.getType(), iface(e.getIface()),
                            e.getRegion() != null ? e.getRegion() : e.getRegionId(), String.valueOf(e.getUrl())));
                }
            }
            Instant expires = token.getExpires() == null ? null : token.getExpires().toInstant();
            return new KeystoneToken(token.getId(), expires, endpoints);
        } catch (AuthenticationException e) {
            throw refused(c, e.getStatus());
        } catch (ConnectionException e) {
            throw new RemoteServiceUnavailableException("keystone at " + c.authUrl() + " cannot be reached: "
                    + e.getClass().getSimpleName());
        } catch (ResponseException e) {
            if (e.getStatus() >= 500) {
                throw new RemoteServiceUnavailableException("keystone at " + c.authUrl() + " answered HTTP "
                        + e.getStatus());
            }
            if (e.getStatus() == 401 || e.getStatus() == 403) {
                throw refused(c, e.getStatus());
            }
            throw new BackendException("keystone at " + c.authUrl() + " answered HTTP " + e.getStatus());
        }
    }

    private static AuthorizationFailureException refused(KeystoneCredentials c, int status) {
        return new AuthorizationFailureException("keystone at " + c.authUrl() + " refused " + c.who()
                + " (HTTP " + status + ")");
    }

    private static String iface(Facing facing) {
        return facing == null ? "public" : facing.name().toLowerCase(Locale.ROOT);
    }

    private static Identifier domain(String id, String name) {
        return id != null ? Identifier.byId(id) : Identifier.byName(name);
    }
}
