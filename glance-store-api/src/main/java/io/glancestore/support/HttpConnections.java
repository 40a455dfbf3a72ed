package io.glancestore.support;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Connections for a driver's data requests over {@link HttpURLConnection}, whose body streams
 * read the socket straight into the caller's buffer on the caller's thread. Every one is set up
 * the same way: the store's TLS, its timeouts, and no proxy, redirect or cache (a driver talks to
 * the endpoint it was given, and an image is never served from a local cache of the JDK). A
 * driver keeps one instance with its store's settings, or calls the static
 * {@link #open(URL, SSLSocketFactory, boolean, Duration, Duration)}.
 *
 * @param tls the sockets of HTTPS requests, or {@code null} for the JDK's default
 * @param anyHostname whether the certificate's host name is not checked (an insecure store)
 * @param connectTimeout how long connecting may take
 * @param readTimeout how long a read may wait for bytes
 */
public record HttpConnections(SSLSocketFactory tls, boolean anyHostname, Duration connectTimeout,
        Duration readTimeout) {

    /**
     * Opens a connection with this store's TLS and timeouts, not yet connected.
     *
     * @param url where the request goes
     * @return the connection, with {@code Accept: *}{@code /*}
     * @throws IOException if the URL's protocol cannot be opened
     */
    public HttpURLConnection open(URL url) throws IOException {
        return open(url, tls, anyHostname, connectTimeout, readTimeout);
    }

    /**
     * Opens a connection, not yet connected.
     *
     * @param url where the request goes
     * @param tls the sockets of HTTPS requests, or {@code null} for the JDK's default
     * @param anyHostname whether the certificate's host name is not checked (an insecure store)
     * @param connectTimeout how long connecting may take
     * @param readTimeout how long a read may wait for bytes
     * @return the connection, with {@code Accept: *}{@code /*}
     * @throws IOException if the URL's protocol cannot be opened
     */
    public static HttpURLConnection open(URL url, SSLSocketFactory tls, boolean anyHostname, Duration connectTimeout,
            Duration readTimeout) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        if (connection instanceof HttpsURLConnection https) {
            if (tls != null) {
                https.setSSLSocketFactory(tls);
            }
            if (anyHostname) {
                https.setHostnameVerifier((host, session) -> true);
            }
        }
        connection.setConnectTimeout(millis(connectTimeout));
        connection.setReadTimeout(millis(readTimeout));
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestProperty("Accept", "*/*");
        return connection;
    }

    /** A timeout in whole milliseconds, at least 1 (0 would mean no timeout at all). */
    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
