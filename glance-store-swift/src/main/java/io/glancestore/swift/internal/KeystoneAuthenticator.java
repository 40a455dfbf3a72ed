package io.glancestore.swift.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openstack4j.api.OSClient;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.openstack.OSFactory;

/**
 * Keystone v3, project scoped. Passwords go through OpenStack4j; application credentials, which
 * OpenStack4j 3.12 does not know, and passwords with a CA bundle or without TLS checks, which its
 * okhttp connector cannot set up on JDK 9+, through one JSON request of our own. Either way the storage URL
 * is the catalog's endpoint of {@code swift_store_service_type} with the configured interface and
 * region, unless {@code swift_store_endpoint} overrides it.
 *
 * <p>The user is {@code project:user} as glance_store writes it; a user without {@code :} is
 * scoped to no project by name, which Keystone then refuses unless the user has a default one.
 */
final class KeystoneAuthenticator implements Authenticator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SwiftReference reference;
    private final SwiftStoreConfig config;
    private final HttpClient http;

    KeystoneAuthenticator(SwiftReference reference, SwiftStoreConfig config, HttpClient http) {
        this.reference = reference;
        this.config = config;
        this.http = http;
    }

    @Override
    public Token authenticate() throws IOException {
        if (reference.applicationCredentialId() != null) {
            ObjectNode identity = JSON.createObjectNode();
            identity.putArray("methods").add("application_credential");
            identity.putObject("application_credential").put("id", reference.applicationCredentialId())
                    .put("secret", reference.key());
            return jsonAuth(identity, null, "application credential " + reference.applicationCredentialId());
        }
        if (config.insecure() || config.cacert() != null) {
            // OpenStack4j's okhttp connector sets an SSLSocketFactory without a trust manager,
            // which OkHttp (3 to 5) refuses on JDK 9+: with a CA bundle or without checks,
            // Keystone is asked through the store's own HTTP client and SSLContext instead.
            String[] projectUser = projectAndUser();
            ObjectNode identity = JSON.createObjectNode();
            identity.putArray("methods").add("password");
            ObjectNode user = identity.putObject("password").putObject("user").put("name", projectUser[1])
                    .put("password", reference.key());
            domain(user.putObject("domain"), reference.userDomainId(), reference.userDomainName());
            ObjectNode scope = null;
            if (projectUser[0] != null) {
                scope = JSON.createObjectNode();
                ObjectNode project = scope.putObject("project").put("name", projectUser[0]);
                domain(project.putObject("domain"), reference.projectDomainId(), reference.projectDomainName());
            }
            return jsonAuth(identity, scope, "user " + reference.user());
        }
        return password();
    }

    private static void domain(ObjectNode node, String id, String name) {
        if (id != null) {
            node.put("id", id);
        } else {
            node.put("name", name);
        }
    }

    /** {@code project:user} split as glance_store splits it; no project when there is no ':'. */
    private String[] projectAndUser() {
        String user = reference.user();
        int colon = user.indexOf(':');
        return colon < 0 ? new String[] {null, user} : new String[] {user.substring(0, colon), user.substring(colon + 1)};
    }

    private Token password() {
        String[] projectUser = projectAndUser();
        String project = projectUser[0];
        String user = projectUser[1];
        Config os4jConfig = Config.newConfig()
                .withConnectionTimeout((int) config.connectTimeout().toMillis())
                .withReadTimeout((int) config.requestTimeout().toMillis());
        try {
            var builder = OSFactory.builderV3().withConfig(os4jConfig).endpoint(reference.authAddress())
                    .credentials(user, reference.key(), domain(reference.userDomainId(), reference.userDomainName()));
            if (project != null) {
                builder = builder.scopeToProject(Identifier.byName(project),
                        domain(reference.projectDomainId(), reference.projectDomainName()));
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
            return new Token(token.getId(), storageUrl(endpoints), expires);
        } catch (AuthenticationException e) {
            throw new AuthorizationFailureException("keystone at " + reference.authAddress() + " refused user "
                    + reference.user() + " (HTTP " + e.getStatus() + ")");
        } catch (ConnectionException e) {
            throw new RemoteServiceUnavailableException("keystone at " + reference.authAddress()
                    + " cannot be reached: " + e.getClass().getSimpleName());
        } catch (ResponseException e) {
            if (e.getStatus() >= 500) {
                throw new RemoteServiceUnavailableException("keystone at " + reference.authAddress()
                        + " answered HTTP " + e.getStatus());
            }
            if (e.getStatus() == 401 || e.getStatus() == 403) {
                throw new AuthorizationFailureException("keystone at " + reference.authAddress() + " refused user "
                        + reference.user() + " (HTTP " + e.getStatus() + ")");
            }
            throw new BackendException("keystone at " + reference.authAddress() + " answered HTTP " + e.getStatus());
        }
    }

    private static String iface(Facing facing) {
        return facing == null ? "public" : facing.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Identifier domain(String id, String name) {
        return id != null ? Identifier.byId(id) : Identifier.byName(name);
    }

    private Token jsonAuth(ObjectNode identity, ObjectNode scope, String who) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode auth = body.putObject("auth");
        auth.set("identity", identity);
        if (scope != null) {
            auth.set("scope", scope);
        }
        String url = reference.authAddress().replaceAll("/+$", "") + "/auth/tokens";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while authenticating");
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new AuthorizationFailureException("keystone at " + reference.authAddress()
                    + " refused " + who + " (HTTP " + status + ")");
        }
        if (status >= 500) {
            throw new RemoteServiceUnavailableException("keystone at " + reference.authAddress() + " answered HTTP " + status);
        }
        String tokenId = response.headers().firstValue("X-Subject-Token").orElse(null);
        if (status != 201 || tokenId == null) {
            throw new BackendException("keystone at " + reference.authAddress() + " answered HTTP " + status
                    + " without a token");
        }
        JsonNode token = JSON.readTree(new String(response.body(), StandardCharsets.UTF_8)).path("token");
        List<CatalogEndpoint> endpoints = new ArrayList<>();
        for (JsonNode service : token.path("catalog")) {
            for (JsonNode e : service.path("endpoints")) {
                endpoints.add(new CatalogEndpoint(service.path("type").asText(), e.path("interface").asText(),
                        e.hasNonNull("region") ? e.path("region").asText() : e.path("region_id").asText(null),
                        e.path("url").asText()));
            }
        }
        Instant expires = token.hasNonNull("expires_at") ? Instant.parse(token.path("expires_at").asText()) : null;
        return new Token(tokenId, storageUrl(endpoints), expires);
    }

    private String storageUrl(List<CatalogEndpoint> endpoints) {
        if (config.endpoint() != null) {
            return config.endpoint();
        }
        String wanted = config.keystoneInterface();
        for (CatalogEndpoint e : endpoints) {
            if (e.type().equals(config.serviceType()) && e.iface().equals(wanted)
                    && (config.region() == null || config.region().equals(e.region()))) {
                return e.url();
            }
        }
        throw new BackendException("keystone catalog has no " + wanted + " endpoint of type " + config.serviceType()
                + (config.region() != null ? " in region " + config.region() : "") + "; set swift_store_endpoint");
    }

    /** One endpoint of the service catalog. */
    record CatalogEndpoint(String type, String iface, String region, String url) {
    }

}
