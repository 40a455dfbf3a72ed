package io.glancestore.glance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glancestore.exception.BackendException;
import io.glancestore.keystone.KeystoneToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Glance calls OpenStack4j does not have (locations with validation data, imports, store
 * deletes, streamed uploads and downloads), on the JDK's HTTP client. A request answered 401
 * is sent once more with a renewed token, when its body can be sent again.
 *
 * @param endpoint Glance's URL, without the API version
 * @param auth how requests authenticate
 * @param http the client
 * @param timeout time to wait for an answer's headers
 */
public record GlanceHttp(String endpoint, GlanceAuth auth, HttpClient http, Duration timeout) {

    /** JSON answers larger than this are not Glance's (a page of 1000 images is a few MiB). */
    private static final int MAX_JSON = 32 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A request with a JSON (or no) body whose answer, if any, is JSON.
     *
     * @param method the method
     * @param path the path under the endpoint, e.g. {@code /v2/images/<id>}
     * @param contentType the body's type, or {@code null} without body
     * @param body the body, or {@code null}
     * @param action what is asked, for messages
     * @param expected the statuses that mean success
     * @return the answer's JSON, or an empty object when it has none
     */
    public JsonNode json(String method, String path, String contentType, Object body, String action, int... expected) {
        byte[] bytes;
        try {
            bytes = body == null ? null : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        HttpRequest.BodyPublisher none = HttpRequest.BodyPublishers.noBody();
        HttpResponse<InputStream> r = send(method, path, contentType, Map.of(),
                () -> bytes == null ? none : HttpRequest.BodyPublishers.ofByteArray(bytes), true, action);
        try (InputStream in = r.body()) {
            byte[] answer = in.readNBytes(MAX_JSON + 1);
            if (!succeeded(r.statusCode(), expected)) {
                throw GlanceErrors.of(r.statusCode(), answer, action);
            }
            if (answer.length > MAX_JSON) {
                throw new BackendException("glance: " + action + " answered more than " + MAX_JSON + " bytes");
            }
            return answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
        } catch (IOException e) {
            throw GlanceErrors.unreachable(endpoint, action, e);
        }
    }

    /**
     * A request whose answer body is streamed: a download. The caller closes it.
     *
     * @param path the path
     * @param action what is asked, for messages
     * @return the answer, status 200
     */
    public HttpResponse<InputStream> download(String path, String action) {
        HttpResponse<InputStream> r = send("GET", path, null, Map.of("Accept", "application/octet-stream"),
                HttpRequest.BodyPublishers::noBody, true, action);
        if (r.statusCode() != 200) {
            try (InputStream in = r.body()) {
                throw GlanceErrors.of(r.statusCode() == 204 ? 404 : r.statusCode(), in.readNBytes(64 * 1024),
                        action + (r.statusCode() == 204 ? " (the image has no data)" : ""));
            } catch (IOException e) {
                throw GlanceErrors.unreachable(endpoint, action, e);
            }
        }
        return r;
    }

    /**
     * Streams a body up: an upload. Not sent again after a 401: the stream is consumed.
     *
     * @param path the path
     * @param headers extra headers
     * @param data the bytes
     * @param size how many, or -1 if unknown (then chunked)
     * @param action what is asked, for messages
     */
    public void upload(String path, Map<String, String> headers, InputStream data, long size, String action) {
        HttpRequest.BodyPublisher publisher = size >= 0
                ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> data), size)
                : HttpRequest.BodyPublishers.ofInputStream(() -> data);
        HttpResponse<InputStream> r = send("PUT", path, "application/octet-stream", headers, () -> publisher, false,
                action);
        try (InputStream in = r.body()) {
            byte[] answer = in.readNBytes(64 * 1024);
            if (r.statusCode() != 204 && r.statusCode() != 200) {
                throw GlanceErrors.of(r.statusCode(), answer, action);
            }
        } catch (IOException e) {
            throw GlanceErrors.unreachable(endpoint, action, e);
        }
    }

    private HttpResponse<InputStream> send(String method, String path, String contentType, Map<String, String> headers,
            Supplier<HttpRequest.BodyPublisher> body, boolean replayable, String action) {
        try {
            KeystoneToken token = auth.token();
            HttpResponse<InputStream> r = http.send(request(method, path, contentType, headers, body.get(), token),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() == 401 && replayable) {
                KeystoneToken renewed = auth.renew(token);
                if (renewed != null) {
                    r.body().close();
                    r = http.send(request(method, path, contentType, headers, body.get(), renewed),
                            HttpResponse.BodyHandlers.ofInputStream());
                }
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GlanceErrors.unreachable(endpoint, action, new InterruptedIOException("interrupted"));
        } catch (IOException e) {
            throw GlanceErrors.unreachable(endpoint, action, e);
        }
    }

    private HttpRequest request(String method, String path, String contentType, Map<String, String> headers,
            HttpRequest.BodyPublisher body, KeystoneToken token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path)).timeout(timeout)
                .method(method, body);
        if (!headers.containsKey("Accept")) {
            // Glance answers errors in HTML unless asked for JSON.
            b.header("Accept", "application/json");
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        auth.headers(token).forEach(b::header);
        headers.forEach(b::header);
        return b.build();
    }

    private static boolean succeeded(int status, int... expected) {
        for (int e : expected) {
            if (status == e) {
                return true;
            }
        }
        return false;
    }
}
