package io.glancestore.s3.internal;

import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly {@code length} bytes of an object from {@code offset}, from ranged GETs. A body that
 * breaks, ends early or stalls past the request timeout is resumed with
 * {@code Range: bytes=<next>-<last>} and {@code If-Match: <the first answer's ETag>}, up to
 * {@code s3_store_retry_get_count} times: the bytes delivered are one version of the object's,
 * whatever the number of resumptions, and an object replaced meanwhile fails the read instead of
 * splicing two versions.
 */
final class ObjectReadStream extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectReadStream.class);
    private static final int TRANSFER_BUFFER = 256 * 1024;

    /** Opens a ranged GET from {@code first} to {@code last} (inclusive), with If-Match when given. */
    interface Opener {
        HttpURLConnection open(long first, long last, String ifMatch) throws IOException;
    }

    private final Opener opener;
    private final long end;
    private final int retries;
    private final String what;
    private long position;
    private int resumed;
    private String etag;
    private HttpURLConnection connection;
    private InputStream body;
    private boolean closed;

    ObjectReadStream(Opener opener, long offset, long length, int retries, String what) {
        this.opener = opener;
        this.position = offset;
        this.end = offset + length;
        this.retries = retries;
        this.what = what;
    }

    /** Opens the first GET now, so that a missing object fails the call that asked for it. */
    ObjectReadStream start() throws IOException {
        if (position < end) {
            open();
        }
        return this;
    }

    private void open() throws IOException {
        HttpURLConnection c = opener.open(position, end - 1, etag);
        InputStream in = c.getInputStream();
        if (etag == null) {
            etag = c.getHeaderField("ETag");
        }
        if (c.getResponseCode() == 200 && position > 0) {
            // A server that ignores the range sends the whole object: skip to the first byte.
            in.skipNBytes(position);
        }
        connection = c;
        body = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (position < end) {
            IOException failure;
            try {
                if (body == null) {
                    open();
                }
                int n = body.read(b, off, (int) Math.min(len, end - position));
                if (n > 0) {
                    position += n;
                    return n;
                }
                failure = new IOException(what + ": the body ended at byte " + position + " of " + end);
            } catch (SocketTimeoutException e) {
                failure = e; // a body that stalls past the request timeout is resumed like a broken one
            } catch (InterruptedIOException e) {
                throw e;
            } catch (GlanceStoreException e) {
                throw e;
            } catch (IOException e) {
                failure = e;
            }
            drop();
            if (resumed >= retries) {
                throw new RemoteServiceUnavailableException(what + ": the body broke off at byte " + position
                        + " after " + resumed + " resumptions (s3_store_retry_get_count): " + failure, failure);
            }
            resumed++;
            LOG.info("{}: resuming at byte {} ({} of {}): {}", what, position, resumed, retries, failure.toString());
        }
        return -1;
    }

    /** Copies the rest in reads of 256 KiB: the JDK's 8 KiB default costs a system call per 8 KiB. */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        byte[] buffer = new byte[(int) Math.min(TRANSFER_BUFFER, Math.max(1, end - position))];
        long total = 0;
        int n;
        while ((n = read(buffer, 0, buffer.length)) > 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /** Resumptions so far. */
    int resumptions() {
        return resumed;
    }

    private void drop() {
        if (body != null) {
            try {
                body.close();
            } catch (IOException e) {
                // a broken body may fail to close; the connection goes either way
            }
        }
        if (connection != null) {
            connection.disconnect();
        }
        body = null;
        connection = null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (position < end) {
            // Unread bytes would be drained to reuse the connection: drop it instead.
            drop();
        } else if (body != null) {
            try {
                body.close();
            } catch (IOException e) {
                drop();
            }
        }
    }
}
