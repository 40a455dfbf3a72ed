package io.glancestore.keystone.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.keystone.CatalogEndpoint;
import io.glancestore.keystone.KeystoneCredentials;
import io.glancestore.keystone.KeystoneToken;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /v3/auth/tokens} of this SDK's own, for any credentials. */
public final class JsonTokenRequest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A token answer larger than this is not a token answer (catalogs are a few KiB). */
    private static final int MAX_ANSWER = 4 << 20;

    private JsonTokenRequest() {
    }

    /**
     * Authenticates.
     *
     * @param c the credentials
     * @param http the client
     * @param timeout time to wait for the answer
     * @return the token
     * @throws IOException if Keystone cannot be reached
     */
    public static KeystoneToken authenticate(KeystoneCredentials c, HttpClient http, Duration timeout)
            throws IOException {
        String url = c.authUrl() + "/auth/tokens";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body(c)))).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while authenticating");
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new AuthorizationFailureException("keystone at " + c.authUrl() + " refused " + c.who()
                    + " (HTTP " + status + ")");
        }
        if (status >= 500) {
            throw new RemoteServiceUnavailableException("keystone at " + c.authUrl() + " answered HTTP " + status);
        }
        String tokenId = response.headers().firstValue("X-Subject-Token").orElse(null);
        if (status != 201 || tokenId == null || response.body().length > MAX_ANSWER) {
            throw new BackendException("keystone at " + c.authUrl() + " answered HTTP " + status + " without a token");
        }
        return parse(tokenId, JSON.readTree(response.body()));
    }

    static ObjectNode body(KeystoneCredentials c) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode auth = body.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        if (c.method() == KeystoneCredentials.Method.APPLICATION_CREDENTIAL) {
            identity.putArray("methods").add("application_credential");
            ObjectNode credential = identity.putObject("application_credential").put("secret", c.secret());
            if (c.applicationCredentialId() != null) {
                credential.put("id", c.applicationCredentialId());
            } else {
                credential.put("name", c.applicationCredentialName());
                user(credential.putObject("user"), c);
            }
            // An application credential is bound to its project: no scope may be asked.
            return body;
        }
        identity.putArray("methods").add("password");
        user(identity.putObject("password").putObject("user"), c).put("password", c.secret());
        if (c.projectScoped()) {
            named(auth.putObject("scope").putObject("project"), c.projectId(), c.projectName(),
                    c.projectDomainId(), c.projectDomainName());
        }
        return body;
    }

    private static ObjectNode user(ObjectNode user, KeystoneCredentials c) {
        return named(user, c.userId(), c.username(), c.userDomainId(), c.userDomainName());
    }

    /** A user or a project: by its id, or by its name within a domain. */
    private static ObjectNode named(ObjectNode node, String id, String name, String domainId, String domainName) {
        idOrName(node, id, name);
        if (id == null) {
            idOrName(node.putObject("domain"), domainId, domainName);
        }
        return node;
    }

    private static void idOrName(ObjectNode node, String id, String name) {
        if (id != null) {
            node.put("id", id);
        } else {
            node.put("name", name);
        }
    }

    static KeystoneToken parse(String tokenId, JsonNode answer) {
        JsonNode token = answer.path("token");
        List<CatalogEndpoint> endpoints = new ArrayList<>();
        for (JsonNode service : token.path("catalog")) {
            for (JsonNode e : service.path("endpoints")) {
                if (service.hasNonNull("type") && e.hasNonNull("interface") && e.hasNonNull("url")) {
                    endpoints.add(new CatalogEndpoint(service.path("type").asText(), e.path("interface").asText(),
                            e.hasNonNull("region") ? e.path("region").asText() : e.path("region_id").asText(null),
                            e.path("url").asText()));
                }
            }
        }
        Instant expires = null;
        if (token.hasNonNull("expires_at")) {
            try {
                expires = Instant.parse(token.path("expires_at").asText());
            } catch (DateTimeParseException e) {
                // Keystone writes ISO-8601 with a zone; anything else counts as no expiry told
            }
        }
        return new KeystoneToken(tokenId, expires, endpoints);
    }
}
