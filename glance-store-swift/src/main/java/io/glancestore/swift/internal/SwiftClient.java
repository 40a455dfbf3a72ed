package io.glancestore.swift.internal;

import io.glancestore.exception.GlanceStoreException;
import io.glancestore.support.HttpConnections;
import io.glancestore.support.RequestRetries;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swift's object API over the JDK's HTTP client (object downloads over {@link HttpURLConnection},
 * see {@link #openRange}). Every response status is checked by the callers
 * through {@link SwiftErrors}. Requests that can be replayed (HEAD, GET, DELETE, bodies held in
 * memory) are retried with exponential backoff when Swift answers 5xx or cannot be reached; a
 * 401 renews the token once and replays the request. A streamed PUT cannot be replayed once its
 * body has started (the bytes are gone); it is replayed only if answered before the first byte
 * was taken. Its token is renewed beforehand when it expires within
 * {@code swift_store_expire_soon_interval}, as glance_store does between segments. (Asking for
 * {@code 100-continue} would let every streamed PUT be replayed after a 401, but the JDK 17
 * client hangs when Swift answers such a request with a final status, e.g. 413.)
 */
final class SwiftClient {

    private static final Logger LOG = LoggerFactory.getLogger(SwiftClient.class);

    private final HttpClient http;
    private final RequestRetries retries;
    private final Duration requestTimeout;
    private final HttpConnections connections;

    SwiftClient(HttpClient http, SSLContext ssl, boolean insecure, int retries, Duration connectTimeout,
            Duration requestTimeout, Duration backoff) {
        this.http = http;
        this.retries = new RequestRetries(retries, backoff, 6, Duration.ofSeconds(10), LOG);
        this.requestTimeout = requestTimeout;
        this.connections = new HttpConnections(ssl.getSocketFactory(), insecure, connectTimeout, requestTimeout);
    }

    HttpClient http() {
        return http;
    }

    /** Where a request goes: the account's token, and the storage URL (the token's, or a location's). */
    record Target(SwiftAccount account, String storageUrl) {
        String base(Token token) {
            return storageUrl != null ? storageUrl : token.storageUrl();
        }
    }

    static String path(String container, String object) {
        return "/" + encode(container) + (object == null ? "" : "/" + encode(object));
    }

    /** Percent-encodes a path segment, keeping RFC 3986's unreserved characters. */
    static String encode(String segment) {
        StringBuilder b = new StringBuilder();
        for (byte c : segment.getBytes(StandardCharsets.UTF_8)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /**
     * Sends a replayable request, renewing the token on a 401 once and retrying 5xx answers and
     * connection failures with backoff. The caller checks the returned status.
     *
     * @param target account and storage URL
     * @param what names the request in errors, e.g. {@code HEAD glance/<id>}
     * @param request builds the request for a token and base URL
     * @param handler the body handler
     * @return the response (any status but a retried one)
     */
    <T> HttpResponse<T> send(Target target, String what, Function<Request, HttpRequest.Builder> request,
            HttpResponse.BodyHandler<T> handler) throws IOException {
        Tries tries = new Tries(target, what);
        while (true) {
            Token token = tries.token;
            HttpRequest built = request.apply(new Request(token, target.base(token))).timeout(requestTimeout)
                    .header("X-Auth-Token", token.id()).build();
            HttpResponse<T> response;
            try {
                response = http.send(built, handler);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted: " + what);
            } catch (IOException e) {
                tries.attempts.failed(e);
                continue;
            }
            if (!tries.again(response.statusCode(), () -> discard(response))) {
                return response;
            }
        }
    }

    /**
     * Opens the body of a ranged GET, with the retries of {@link #send}: a 401 renews the token
     * once, 5xx answers and connection failures are retried with backoff, any other status but 2xx
     * fails with its typed error. Object data is read over {@link HttpURLConnection}: its body
     * stream reads the socket straight into the caller's buffer, on the caller's thread, where the
     * asynchronous client copies every 16 KiB through buffers handed between threads, which costs
     * CPU per byte on a download. A server that ignores the range (200) is skipped forward.
     *
     * @param what names the request in errors
     * @param first the first byte
     * @param last the last byte, inclusive
     * @return the body, from byte {@code first}
     */
    InputStream openRange(Target target, String what, String container, String object, long first, long last)
            throws IOException {
        Tries tries = new Tries(target, what);
        while (true) {
            Token token = tries.token;
            HttpURLConnection connection;
            int status;
            try {
                connection = open(target.base(token) + path(container, object));
                connection.setRequestProperty("X-Auth-Token", token.id());
                connection.setRequestProperty("Range", "bytes=" + first + "-" + last);
                status = connection.getResponseCode();
            } catch (IOException e) {
                tries.attempts.failedUnlessInterrupted(e);
                continue;
            }
            HttpURLConnection answered = connection;
            if (tries.again(status, () -> discard(answered))) {
                continue;
            }
            if (status / 100 != 2) {
                discard(connection);
                throw SwiftErrors.of(status, what);
            }
            InputStream body = connection.getInputStream();
            if (status == 200 && first > 0) {
                // A server that ignores the range sends everything: skip to the first byte.
                body.skipNBytes(first);
            }
            return body;
        }
    }

    /**
     * The attempts of one replayable request: the token it is sent with, renewed once on a 401,
     * and the retries of answers worth another try.
     */
    private final class Tries {
        final RequestRetries.Attempts attempts;
        private final SwiftAccount account;
        Token token;
        private boolean renewed;

        Tries(Target target, String what) throws IOException {
            this.account = target.account();
            this.attempts = retries.start(what);
            this.token = account.token();
        }

        /**
         * Whether an answer calls for another attempt: the first 401 renews the token, a
         * retriable status waits while retries remain. The answer is discarded first.
         *
         * @param status the answer's status
         * @param discard drops the answer's body
         * @return {@code true} to send again
         */
        boolean again(int status, Runnable discard) throws IOException {
            if (status == 401 && !renewed) {
                discard.run();
                renewed = true;
                token = account.renew(token);
                return true;
            }
            if (SwiftErrors.retriable(status) && attempts.remain()) {
                discard.run();
                attempts.retryAnswer(status);
                return true;
            }
            return false;
        }
    }

    /** A connection with the store's TLS, timeouts and no proxy, redirect or cache, as the HttpClient's. */
    private HttpURLConnection open(String url) throws IOException {
        return connections.open(URI.create(url).toURL());
    }

    /** Reads a small error body to its end (the connection is then reused) or drops the connection. */
    private static void discard(HttpURLConnection connection) {
        try (InputStream error = connection.getErrorStream()) {
            if (error != null) {
                error.skip(64 * 1024);
            }
        } catch (IOException e) {
            connection.disconnect();
        }
    }

    /** Whether the target's storage URL is HTTPS (or unknown). */
    boolean tls(Target target) {
        String base = target.storageUrl();
        if (base == null) {
            try {
                base = target.account().token().storageUrl();
            } catch (IOException | RuntimeException e) {
                return true;
            }
        }
        return !base.regionMatches(true, 0, "http://", 0, 7);
    }

    /** Sends and fails with the typed error unless the status is 2xx. */
    <T> HttpResponse<T> sendOk(Target target, String what, Function<Request, HttpRequest.Builder> request,
            HttpResponse.BodyHandler<T> handler) throws IOException {
        HttpResponse<T> response = send(target, what, request, handler);
        if (response.statusCode() / 100 != 2) {
            discard(response);
            throw SwiftErrors.of(response.statusCode(), what);
        }
        return response;
    }

    /**
     * Streams a PUT body from a pipe. The future completes with the response (any status); a 401
     * or a retriable 5xx answered before the body was touched is replayed.
     */
    CompletableFuture<HttpResponse<Void>> putStream(Target target, String container, String object, BodyPipe pipe,
            long length, Map<String, String> headers) throws IOException {
        return putAttempt(target, target.account().token(), container, object, pipe, length, headers, false, 0);
    }

    private CompletableFuture<HttpResponse<Void>> putAttempt(Target target, Token token, String container,
            String object, BodyPipe pipe, long length, Map<String, String> headers, boolean renewed, int attempt) {
        HttpRequest.BodyPublisher body = length >= 0 ? HttpRequest.BodyPublishers.fromPublisher(pipe, length)
                : HttpRequest.BodyPublishers.fromPublisher(pipe);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.base(token) + path(container, object)))
                .timeout(requestTimeout).header("X-Auth-Token", token.id()).PUT(body);
        headers.forEach(builder::header);
        return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.discarding()).thenCompose(response -> {
            int status = response.statusCode();
            if (pipe.untouched() && status == 401 && !renewed) {
                try {
                    Token fresh = target.account().renew(token);
                    return putAttempt(target, fresh, container, object, pipe, length, headers, true, attempt);
                } catch (IOException | GlanceStoreException e) {
                    throw new CompletionException(e);
                }
            }
            if (pipe.untouched() && SwiftErrors.retriable(status) && attempt < retries.retries()) {
                long delay = retries.delayMillis(attempt + 1);
                return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                        .thenCompose(x -> putAttempt(target, token, container, object, pipe, length, headers,
                                renewed, attempt + 1));
            }
            return CompletableFuture.completedFuture(response);
        });
    }

    static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream) {
            try {
                ((InputStream) response.body()).close();
            } catch (IOException e) {
                // nothing left to read from a failed response
            }
        }
    }

    /** What a request builder gets: the token and the storage URL to use. */
    record Request(Token token, String base) {
        HttpRequest.Builder to(String container, String object) {
            return HttpRequest.newBuilder(URI.create(base + path(container, object)));
        }

        HttpRequest.Builder to(String container, String object, String query) {
            return HttpRequest.newBuilder(URI.create(base + path(container, object) + "?" + query));
        }
    }
}
