package io.glancestore.s3.internal;

import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.support.HttpConnections;
import io.glancestore.support.RequestRetries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3's REST calls over {@link HttpURLConnection}: signed with SigV4, a body written straight from
 * the caller's bytes to the socket (fixed-length streaming: nothing is buffered or copied by the
 * client), and a download read straight from the socket into the caller's buffer, on the caller's
 * thread. Requests whose body is in memory (all but a streamed PUT) are retried with exponential
 * backoff and jitter when S3 answers 5xx, SlowDown or its own request timeout, or does not answer
 * at all; every other answer is returned for the caller to check with {@link S3Errors}.
 */
final class S3Client {

    private static final Logger LOG = LoggerFactory.getLogger(S3Client.class);
    /** Answers read into memory are small (errors, upload ids, part lists); a bigger one is cut. */
    private static final int MAX_REPLY = 1 << 20;

    private final S3Endpoint endpoint;
    private final HttpConnections connections;
    private final RequestRetries retries;
    private final Clock clock;

    S3Client(S3Endpoint endpoint, SSLSocketFactory tls, int retries, Duration connectTimeout, Duration requestTimeout,
            Duration backoff, Clock clock) {
        this.endpoint = endpoint;
        this.connections = new HttpConnections(tls, false, connectTimeout, requestTimeout);
        this.retries = new RequestRetries(retries, backoff, 8, Duration.ofSeconds(20), LOG);
        this.clock = clock;
    }

    S3Endpoint endpoint() {
        return endpoint;
    }

    /** One request to S3. Bodies are signed with their hash when small, else sent unsigned. */
    static final class Request {
        private static final int SIGNED_BODY_LIMIT = 64 * 1024;

        final String method;
        final String bucket;
        final String key;
        final String what;
        private String query = "";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Body body;

        private Request(String method, String bucket, String key, String what) {
            this.method = method;
            this.bucket = bucket;
            this.key = key;
            this.what = what;
        }

        /**
         * A request.
         *
         * @param method the HTTP method
         * @param bucket the bucket, or {@code null}
         * @param key the key, or {@code null}
         * @param what names it in errors and logs, e.g. {@code PUT glance/<id>}; no secret
         */
        static Request of(String method, String bucket, String key, String what) {
            return new Request(method, bucket, key, what);
        }

        /** Sets the canonical query: pairs sorted by name, already encoded. */
        Request query(String canonicalQuery) {
            this.query = canonicalQuery;
            return this;
        }

        /** Adds a header that is sent as given, and therefore signed. */
        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Sets the body: bytes that must stay unchanged until the request is done. */
        Request body(byte[] data, int offset, int length) {
            return body(new Body() {
                @Override
                public long length() {
                    return length;
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    out.write(data, offset, length);
                }
            });
        }

        /** Sets the body: bytes that must stay unchanged until the request is done. */
        Request body(Body data) {
            this.body = data;
            return this;
        }

        boolean hasBody() {
            return body != null;
        }
    }

    /** A body in memory, written as it lies (a part in chunks, sent again on a retry). */
    interface Body {
        /** @return the bytes */
        long length();

        /**
         * Writes the bytes, the same ones at every call.
         *
         * @param out the request's body
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * An answer read to its end.
     *
     * @param status the HTTP status
     * @param headers the headers, names as sent
     * @param body the body, at most 1 MiB
     */
    record Reply(int status, Map<String, List<String>> headers, byte[] body) {
        Optional<String> header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return Optional.of(e.getValue().get(0));
                }
            }
            return Optional.empty();
        }

        boolean ok() {
            return status / 100 == 2;
        }

        /** S3's error code, from an error answer's body. */
        String code() {
            return S3Xml.errorCode(body);
        }
    }

    /**
     * Where a request in progress can be torn down from another thread: the upload of a part
     * when its add is aborted. Once cancelled, no attempt starts again.
     */
    static final class Cancellation {
        private volatile boolean cancelled;
        private volatile HttpURLConnection current;

        void cancel() {
            cancelled = true;
            HttpURLConnection c = current;
            if (c != null) {
                c.disconnect();
            }
        }

        boolean cancelled() {
            return cancelled;
        }
    }

    /**
     * Sends a request whose body, if any, is in memory, retrying what may go better on a later
     * attempt; the caller checks the status of the answer returned.
     *
     * @param credentials the keys to sign with
     * @param request the request
     * @param cancellation where another thread may tear it down, or {@code null}
     * @return the last answer
     * @throws IOException when S3 cannot be reached after the retries (as
     *     {@link RemoteServiceUnavailableException}), or the thread is interrupted
     */
    Reply call(S3Credentials credentials, Request request, Cancellation cancellation) throws IOException {
        RequestRetries.Attempts attempts = retries.start(request.what);
        while (true) {
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted: " + request.what);
            }
            if (cancellation != null && cancellation.cancelled()) {
                throw new InterruptedIOException("cancelled: " + request.what);
            }
            Reply reply;
            try {
                HttpURLConnection c = connect(credentials, request, -1);
                if (cancellation != null) {
                    cancellation.current = c;
                }
                try {
                    if (c.getDoOutput()) {
                        try (OutputStream out = c.getOutputStream()) {
                            if (request.hasBody()) {
                                request.body.writeTo(out);
                            }
                        }
                    }
                    reply = read(c, request.method.equals("HEAD"));
                } finally {
                    if (cancellation != null) {
                        cancellation.current = null;
                    }
                }
            } catch (IOException e) {
                if (cancellation != null && cancellation.cancelled()) {
                    throw new InterruptedIOException("cancelled: " + request.what);
                }
                attempts.failed(e);
                continue;
            }
            String code = reply.ok() && !request.method.equals("POST") ? null : reply.code();
            if (S3Errors.retriable(reply.status(), code) && attempts.remain()) {
                attempts.retryAnswer(reply.status() + " " + code);
                continue;
            }
            if (request.method.equals("HEAD") && (reply.status() == 400 || reply.status() == 403)) {
                return explained(credentials, request, reply);
            }
            return reply;
        }
    }

    /**
     * A HEAD answer has no body, so S3's reason for refusing one (ExpiredToken,
     * InvalidAccessKeyId, SignatureDoesNotMatch, AccessDenied...) is asked again with the
     * smallest GET of the same resource, whose error answer names it.
     */
    private Reply explained(S3Credentials credentials, Request head, Reply refused) throws IOException {
        Request get = Request.of("GET", head.bucket, head.key, head.what);
        if (head.key != null) {
            get.header("range", "bytes=0-0");
        } else {
            get.query("max-keys=0");
        }
        Reply reply = call(credentials, get, null);
        return reply.status() == refused.status() && reply.code() != null
                ? new Reply(reply.status(), refused.headers(), reply.body()) : refused;
    }

    /**
     * Opens a signed connection for a request, not yet connected. With a body, or with
     * {@code streamedLength >= 0}, it sends a fixed-length body: the caller writes
     * {@code streamedLength} bytes to its output stream (a streamed PUT, which is never retried:
     * its bytes are gone once sent).
     *
     * @param credentials the keys to sign with
     * @param request the request
     * @param streamedLength the length of a body the caller streams, or -1
     * @return the connection
     */
    HttpURLConnection connect(S3Credentials credentials, Request request, long streamedLength) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", endpoint.hostHeader(request.bucket));
        headers.putAll(request.headers);
        String payload = !request.hasBody() ? (streamedLength > 0 ? SigV4.UNSIGNED_PAYLOAD : SigV4.sha256Hex(new byte[0]))
                : request.body.length() <= Request.SIGNED_BODY_LIMIT ? sha256Hex(request.body)
                        : SigV4.UNSIGNED_PAYLOAD;
        SigV4.sign(credentials, endpoint.region(), request.method, endpoint.path(request.bucket, request.key),
                request.query, headers, payload, clock.instant());
        HttpURLConnection c = connections.open(endpoint.url(request.bucket, request.key, request.query).toURL());
        c.setRequestMethod(request.method);
        headers.remove("host"); // HttpURLConnection sends the same value itself
        headers.forEach(c::setRequestProperty);
        long length = request.hasBody() ? request.body.length() : streamedLength;
        if (length >= 0 || request.method.equals("POST") || request.method.equals("PUT")) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/octet-stream");
            c.setFixedLengthStreamingMode(Math.max(0, length));
        }
        return c;
    }

    /**
     * Reads an answer to its end (at most 1 MiB of it), so the connection is reused.
     *
     * @param c the connection, its request sent
     * @param head whether the request was a HEAD (no body)
     * @return the answer
     */
    static Reply read(HttpURLConnection c, boolean head) throws IOException {
        int status = c.getResponseCode();
        byte[] body = new byte[0];
        if (!head) {
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) {
                    body = in.readNBytes(MAX_REPLY);
                }
            }
        }
        return new Reply(status, c.getHeaderFields(), body);
    }

    /**
     * Opens the body of a ranged GET, retrying as {@link #call} does; any other answer than
     * 200/206 fails with its typed error.
     *
     * @param credentials the keys
     * @param bucket the bucket
     * @param key the key
     * @param first the first byte
     * @param last the last byte, inclusive
     * @param ifMatch the ETag the object must still have (a resumed read), or {@code null}
     * @param what names the request in errors
     * @return the open connection, its status 200 or 206
     */
    HttpURLConnection openRange(S3Credentials credentials, String bucket, String key, long first, long last,
            String ifMatch, String what) throws IOException {
        RequestRetries.Attempts attempts = retries.start(what);
        while (true) {
            Request request = Request.of("GET", bucket, key, what).header("range", "bytes=" + first + "-" + last);
            if (ifMatch != null) {
                request.header("if-match", ifMatch);
            }
            HttpURLConnection c;
            int status;
            try {
                c = connect(credentials, request, -1);
                status = c.getResponseCode();
            } catch (IOException e) {
                attempts.failedUnlessInterrupted(e);
                continue;
            }
            if (status == 200 || status == 206) {
                return c;
            }
            Reply reply = read(c, false);
            String code = reply.code();
            if (status == 412 && ifMatch != null) {
                throw new io.glancestore.exception.BackendException(what + ": the object changed while it was read"
                        + " (its ETag is no longer " + ifMatch + ")");
            }
            if (S3Errors.retriable(status, code) && attempts.remain()) {
                attempts.retryAnswer(status + " " + code);
                continue;
            }
            throw S3Errors.of(status, code, what);
        }
    }

    private static String sha256Hex(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) body.length());
        body.writeTo(bytes);
        return SigV4.sha256Hex(bytes.toByteArray());
    }

}
