package io.glancestore.vmware.internal;

import io.glancestore.support.BulkInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;

/**
 * The body of a GET, cut to the asked range: skips what a server that ignored the Range header
 * sent first, ends after {@code length} bytes, and fails if the body ends early. Closing it
 * before the end drops the connection rather than draining the rest of the file.
 */
final class RangeStream extends BulkInputStream {

    private final HttpURLConnection conn;
    private final InputStream in;
    private final String target;
    private long toSkip;
    private long remaining;
    private boolean closed;

    RangeStream(HttpURLConnection conn, InputStream in, long skip, long length, String target) {
        this.conn = conn;
        this.in = in;
        this.toSkip = skip;
        this.remaining = length;
        this.target = target;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        skipHead();
        if (remaining == 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("GET " + target + ": the body ended " + remaining + " bytes early");
        }
        remaining -= n;
        return n;
    }

    private void skipHead() throws IOException {
        while (toSkip > 0) {
            long n = in.skip(toSkip);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("GET " + target + ": the body ended before the asked offset");
                }
                n = 1;
            }
            toSkip -= n;
        }
    }

    @Override
    public int available() throws IOException {
        return toSkip > 0 || closed ? 0 : (int) Math.min(in.available(), remaining);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (remaining == 0 && toSkip == 0) {
            in.close();
        } else {
            conn.disconnect();
        }
    }
}
