package io.glancestore.swift.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly {@code length} bytes of an object from {@code offset}, streamed from a ranged GET. A
 * connection that breaks, ends early or stalls past the request timeout is resumed with
 * {@code Range: bytes=<next>-<last>} up to {@code swift_store_retry_get_count} times, as
 * glance_store's swift_retry_iter does; the bytes delivered are the object's whatever the number
 * of resumptions.
 */
final class ResumingObjectStream extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(ResumingObjectStream.class);

    /** Opens the body of a ranged GET: first byte and last byte (inclusive). */
    interface Opener {
        InputStream open(long first, long last) throws IOException;
    }

    private static final int TRANSFER_BUFFER = 256 * 1024;

    private final Opener opener;
    private final long end;
    private final int retries;
    private final String what;
    private long position;
    private int resumed;
    private InputStream current;
    private boolean closed;

    ResumingObjectStream(Opener opener, long offset, long length, int retries, String what, InputStream first) {
        this.opener = opener;
        this.position = offset;
        this.end = offset + length;
        this.retries = retries;
        this.what = what;
        this.current = first;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (position >= end) {
                return -1;
            }
            int want = (int) Math.min(len, end - position);
            IOException failure;
            try {
                if (current == null) {
                    current = opener.open(position, end - 1);
                }
                int n = current.read(b, off, want);
                if (n > 0) {
                    position += n;
                    return n;
                }
                failure = new IOException(what + ": connection ended after " + position + " of " + end + " bytes");
            } catch (java.io.InterruptedIOException e) {
                if (!(e instanceof java.net.SocketTimeoutException)) {
                    throw e;
                }
                // A body that stalls past swift_store_request_timeout_ms: resumed like a broken one.
                failure = e;
            } catch (IOException e) {
                failure = e;
            }
            closeCurrent();
            if (resumed >= retries) {
                throw failure;
            }
            resumed++;
            LOG.info("{}: resuming at byte {} ({} of {}): {}", what, position, resumed, retries, failure.toString());
        }
    }

    /**
     * Copies the rest with reads of {@value #TRANSFER_BUFFER} bytes: the JDK's default of 8 KiB
     * costs a system call per 8 KiB of the object.
     */
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

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // a broken connection may fail to close; it is dropped either way
            }
            current = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        closeCurrent();
    }
}
