package io.glancestore.swift.internal;

import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Auth v1 (Swift's tempauth or swauth): {@code GET <auth url>} with {@code X-Auth-User} and
 * {@code X-Auth-Key} answers the token and storage URL in headers.
 */
final class TempAuthAuthenticator implements Authenticator {

    private final HttpClient http;
    private final SwiftReference reference;
    private final Duration timeout;

    TempAuthAuthenticator(HttpClient http, SwiftReference reference, Duration timeout) {
        this.http = http;
        this.reference = reference;
        this.timeout = timeout;
    }

    @Override
    public Token authenticate() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(reference.authAddress())).GET().timeout(timeout)
                .header("X-Auth-User", reference.user()).header("X-Auth-Key", reference.key()).build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while authenticating");
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            // Refused, reset or timed out (connecting included): the service is away, not broken.
            throw new RemoteServiceUnavailableException("swift auth at " + reference.authAddress()
                    + " cannot be reached: " + e.getClass().getSimpleName(), e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new AuthorizationFailureException("swift auth at " + reference.authAddress() + " refused user "
                    + reference.user() + " (HTTP " + status + ")");
        }
        if (status >= 500) {
            throw new RemoteServiceUnavailableException("swift auth at " + reference.authAddress()
                    + " answered HTTP " + status);
        }
        String token = response.headers().firstValue("X-Auth-Token")
                .or(() -> response.headers().firstValue("X-Storage-Token")).orElse(null);
        String url = response.headers().firstValue("X-Storage-Url").orElse(null);
        if (status / 100 != 2 || token == null || url == null) {
            throw new AuthorizationFailureException("swift auth at " + reference.authAddress() + " answered HTTP "
                    + status + " without a token and storage URL");
        }
        Instant expires = response.headers().firstValue("X-Auth-Token-Expires").map(s -> {
            try {
                return Instant.now().plusSeconds((long) Double.parseDouble(s));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
        return new Token(token, url, expires);
    }
}
