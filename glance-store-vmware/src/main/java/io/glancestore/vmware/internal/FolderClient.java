package io.glancestore.vmware.internal;

import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.ForbiddenException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.exception.StorageFullException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import javax.net.ssl.HttpsURLConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data path: HTTPS to the datastore file access URL {@code /folder/<path>?dcPath=&dsName=}
 * with the session cookie, as glance_store's vmware driver does, on the JDK's
 * {@link HttpURLConnection} with this store's own TLS settings. Reads and sizes follow up to
 * {@value #MAX_REDIRECTS} redirects, log in again on 401 (at most {@code vmware_api_retry_count}
 * times), and retry refused connections and 5xx answers a few times. Uploads stream with a
 * Content-Length when the size is known and chunked when not; their body cannot be sent twice, so
 * they are not retried.
 *
 * @param config the configuration
 * @param tls the store's TLS settings
 * @param session the session whose cookie the transfers carry
 * @param origin {@code https://<host[:port]>} of the configured server
 */
public record FolderClient(VmwareStoreConfig config, TlsSettings tls, VsphereApi session, String origin) {

    /** Redirects followed, as glance_store's {@code MAX_REDIRECTS}. */
    public static final int MAX_REDIRECTS = 5;
    /** Attempts of a read or size after a refused connection or a 5xx answer. */
    static final int TRANSIENT_ATTEMPTS = 3;
    private static final int CHUNKED_UPLOAD_CHUNK = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(FolderClient.class);

    /**
     * The size of a file (HEAD).
     *
     * @param target {@code /folder/...?dsName=&dcPath=}
     * @return its size
     * @throws NotFoundException if there is no such file
     */
    public long size(String target) {
        HttpURLConnection conn = exchange("HEAD", target, null);
        try {
            long length = conn.getContentLengthLong();
            if (length < 0) {
                throw new BackendException("HEAD " + target + " answered without a Content-Length");
            }
            return length;
        } finally {
            conn.disconnect();
        }
    }

    /**
     * Whether a file exists (HEAD).
     *
     * @param target the file
     * @return true if it does
     */
    public boolean exists(String target) {
        try {
            size(target);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Opens a stream over {@code length} bytes from {@code offset}. The range is asked with a
     * Range header; a server that ignores it and sends the whole file still gives the right
     * bytes (the head is skipped, slowly).
     *
     * @param target the file
     * @param offset first byte
     * @param length bytes to deliver, at least 1
     * @return the stream; closing it before the end drops the connection
     */
    public InputStream get(String target, long offset, long length) {
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        HttpURLConnection conn = exchange("GET", target, range);
        try {
            long skip;
            if (conn.getResponseCode() == 206) {
                String contentRange = conn.getHeaderField("Content-Range");
                if (contentRange == null || !contentRange.startsWith("bytes " + offset + "-")) {
                    conn.disconnect();
                    throw new BackendException("GET " + target + " answered range " + contentRange + " to " + range);
                }
                skip = 0;
            } else {
                skip = offset;
            }
            return new RangeStream(conn, conn.getInputStream(), skip, length, target);
        } catch (IOException e) {
            conn.disconnect();
            throw failure("GET " + target, e);
        }
    }

    /**
     * Starts an upload: the request line and headers go out, the body follows through the
     * returned upload.
     *
     * @param target the file
     * @param size the body size, or -1 for chunked transfer
     * @return the upload in progress
     */
    public Upload put(String target, long size) {
        VsphereSession.Cookie cookie = session.cookie();
        HttpURLConnection conn = open("PUT", url(target), cookie);
        conn.setDoOutput(true);
        conn.setRequestProperty("Content-Type", "application/octet-stream");
        if (size >= 0) {
            conn.setFixedLengthStreamingMode(size);
        } else {
            conn.setChunkedStreamingMode(CHUNKED_UPLOAD_CHUNK);
        }
        try {
            return new Upload(conn, conn.getOutputStream(), target, cookie);
        } catch (IOException e) {
            conn.disconnect();
            throw failure("PUT " + target, e);
        }
    }

    /** One upload's body and the answer to it. */
    public final class Upload {
        private final HttpURLConnection conn;
        private final OutputStream body;
        private final String target;
        private final VsphereSession.Cookie cookie;

        private Upload(HttpURLConnection conn, OutputStream body, String target, VsphereSession.Cookie cookie) {
            this.conn = conn;
            this.body = body;
            this.target = target;
            this.cookie = cookie;
        }

        /**
         * Sends bytes of the body.
         *
         * @param data buffer
         * @param offset start
         * @param length count
         */
        public void write(byte[] data, int offset, int length) {
            try {
                body.write(data, offset, length);
            } catch (IOException e) {
                conn.disconnect();
                throw failure("PUT " + target, e);
            }
        }

        /**
         * Ends the body and reads the answer: 200 and 201 are success, as in glance_store.
         *
         * @throws DuplicateException on 409
         */
        public void finish() {
            int status;
            try {
                body.close();
                status = conn.getResponseCode();
                drain(conn);
            } catch (IOException e) {
                conn.disconnect();
                throw failure("PUT " + target, e);
            }
            if (status == 200 || status == 201) {
                return;
            }
            conn.disconnect();
            if (status == 401) {
                // The body is gone: log in again for the next call, but this upload is lost.
                session.renew(cookie);
                throw new AuthorizationFailureException("PUT " + target
                        + ": the vSphere session expired during the upload; it was renewed, add again");
            }
            throw statusError("PUT " + target, status);
        }

        /** Drops the connection, so the server sees the upload torn off. Idempotent. */
        public void cancel() {
            conn.disconnect();
        }
    }

    private HttpURLConnection exchange(String method, String target, String range) {
        URL url = url(target);
        int authAttempts = 0;
        int transientAttempts = 0;
        int redirects = 0;
        while (true) {
            VsphereSession.Cookie cookie = sameOrigin(url) ? session.cookie() : null;
            HttpURLConnection conn = open(method, url, cookie);
            if (range != null) {
                conn.setRequestProperty("Range", range);
            }
            int status;
            try {
                status = conn.getResponseCode();
            } catch (IOException e) {
                conn.disconnect();
                if (retryable(e) && ++transientAttempts < TRANSIENT_ATTEMPTS) {
                    LOG.debug("{} {}: {}; retrying", method, target, e.toString());
                    pause(transientAttempts);
                    continue;
                }
                throw failure(method + " " + target, e);
            }
            if (status == 200 || status == 206) {
                return conn;
            }
            drain(conn);
            conn.disconnect();
            if (status == 401 && cookie != null) {
                if (++authAttempts >= config.apiRetryCount()) {
                    throw new AuthorizationFailureException(method + " " + target + ": the vSphere session was refused "
                            + authAttempts + " times");
                }
                session.renew(cookie);
                continue;
            }
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = conn.getHeaderField("Location");
                if (location == null || ++redirects > MAX_REDIRECTS) {
                    throw new RemoteServiceUnavailableException(method + " " + target + ": "
                            + (location == null ? "redirect without a Location" : "more than " + MAX_REDIRECTS + " redirects"));
                }
                try {
                    url = url.toURI().resolve(location).toURL();
                } catch (IllegalArgumentException | MalformedURLException | java.net.URISyntaxException e) {
                    throw new RemoteServiceUnavailableException(method + " " + target + ": unusable redirect", e);
                }
                if (!"https".equalsIgnoreCase(url.getProtocol())) {
                    throw new RemoteServiceUnavailableException(method + " " + target + ": redirect away from https refused");
                }
                continue;
            }
            if (status >= 500 && ++transientAttempts < TRANSIENT_ATTEMPTS) {
                LOG.debug("{} {}: HTTP {}; retrying", method, target, status);
                pause(transientAttempts);
                continue;
            }
            throw statusError(method + " " + target, status);
        }
    }

    private boolean sameOrigin(URL url) {
        return origin.equalsIgnoreCase(url.getProtocol() + "://" + url.getAuthority());
    }

    private HttpURLConnection open(String method, URL url, VsphereSession.Cookie cookie) {
        try {
            HttpURLConnection conn = (HttpURLConnection) url.openConnection();
            if (conn instanceof HttpsURLConnection) {
                HttpsURLConnection https = (HttpsURLConnection) conn;
                https.setSSLSocketFactory(tls.socketFactory());
                tls.hostnameVerifier().ifPresent(https::setHostnameVerifier);
            }
            int timeout = (int) Math.min(Integer.MAX_VALUE, config.httpTimeout().toMillis());
            conn.setConnectTimeout(timeout);
            conn.setReadTimeout(timeout);
            conn.setInstanceFollowRedirects(false);
            conn.setUseCaches(false);
            conn.setRequestMethod(method);
            if (cookie != null) {
                conn.setRequestProperty("Cookie", cookie.value().reveal());
            }
            return conn;
        } catch (IOException e) {
            throw failure(method + " " + url.getPath(), e);
        }
    }

    private URL url(String target) {
        try {
            return URI.create(origin + target).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new BackendException("bad datastore URL " + target, e);
        }
    }

    private static boolean retryable(IOException e) {
        return e instanceof ConnectException
                || (e instanceof java.net.SocketException && !(e instanceof java.net.SocketTimeoutException));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(100L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting to retry", e);
        }
    }

    private static void drain(HttpURLConnection conn) {
        try {
            InputStream in = conn.getResponseCode() >= 400 ? conn.getErrorStream() : conn.getInputStream();
            if (in != null) {
                in.skip(1 << 16);
                in.close();
            }
        } catch (IOException e) {
            // Nothing to keep: the connection is dropped.
        }
    }

    static GlanceStoreException statusError(String what, int status) {
        switch (status) {
            case 404:
                return new NotFoundException(what + ": not found (HTTP 404)");
            case 409:
                return new DuplicateException(what + ": the file exists already (HTTP 409)");
            case 403:
                return new ForbiddenException(what + ": forbidden (HTTP 403)");
            case 401:
                return new AuthorizationFailureException(what + ": unauthorized (HTTP 401)");
            case 413:
            case 507:
                return new StorageFullException(what + ": no space left (HTTP " + status + ")");
            default:
                if (status >= 500) {
                    return new RemoteServiceUnavailableException(what + ": server error (HTTP " + status + ")");
                }
                return new BackendException(what + ": unexpected HTTP " + status);
        }
    }

    static GlanceStoreException failure(String what, IOException e) {
        if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            return new BackendException(what + ": interrupted", e);
        }
        if (e instanceof UnknownHostException) {
            return new RemoteServiceUnavailableException(what + ": unknown host " + e.getMessage(), e);
        }
        return new RemoteServiceUnavailableException(what + " failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }
}
