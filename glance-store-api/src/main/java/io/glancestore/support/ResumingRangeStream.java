package io.glancestore.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly {@code length} bytes of a remote object from {@code offset}, read through ranged
 * requests that the driver opens. A body that breaks, ends early or stalls past the socket's read
 * timeout is closed and the read goes on with a new range from the next byte, up to
 * {@code retries} times (glance_store's swift_retry_iter and the s3 store's retry count): the
 * bytes delivered are the object's whatever the number of resumptions. An interrupt is not
 * resumed. Closing the stream before its last byte abandons the body rather than draining it.
 */
public final class ResumingRangeStream extends BulkInputStream {

    private static final Logger LOG = LoggerFactory.getLogger(ResumingRangeStream.class);
    private static final int TRANSFER_BUFFER = 256 * 1024;

    /** Opens a ranged request for the driver: its body from {@code first} to {@code last}. */
    @FunctionalInterface
    public interface RangeOpener {
        /**
         * Opens the range.
         *
         * @param first the first byte's offset in the object
         * @param last the last byte's offset (inclusive)
         * @return the body, starting at {@code first}
         * @throws IOException if it cannot be opened; the read resumes or gives up as for a broken body
         */
        Body open(long first, long last) throws IOException;
    }

    /**
     * An opened range's body, and how to let go of its connection when the body is abandoned
     * (broken, or closed before its end) instead of read to its end.
     *
     * @param in the body
     * @param abandon run after the body is closed on a failure or an early close
     */
    public record Body(InputStream in, Runnable abandon) {

        /**
         * A body with nothing more to let go of than itself.
         *
         * @param in the body
         * @return the body
         */
        public static Body of(InputStream in) {
            return new Body(in, () -> { });
        }
    }

    /** What the stream throws when no resumption is left. */
    @FunctionalInterface
    public interface GiveUp {
        /**
         * Throws the failure to report.
         *
         * @param last the last failure
         * @param position the offset reached in the object
         * @param resumptions how many times the read was resumed
         * @throws IOException the failure to report
         */
        void giveUp(IOException last, long position, int resumptions) throws IOException;
    }

    private final RangeOpener opener;
    private final long end;
    private final int retries;
    private final String what;
    private final GiveUp giveUp;
    private long position;
    private int resumed;
    private Body current;
    private boolean closed;

    /**
     * A stream that opens its first range on its first read, or on {@link #start()}.
     *
     * @param opener opens a range
     * @param offset the first byte's offset in the object
     * @param length how many bytes to deliver
     * @param retries how many times a broken read may be resumed
     * @param what the request, for messages (never credentials)
     * @param giveUp throws what to report when no resumption is left; the last failure if it returns
     */
    public ResumingRangeStream(RangeOpener opener, long offset, long length, int retries, String what,
            GiveUp giveUp) {
        this.opener = opener;
        this.position = offset;
        this.end = offset + length;
        this.retries = retries;
        this.what = what;
        this.giveUp = giveUp;
    }

    /**
     * Opens the first range now, so that a missing object fails the call that asked for it.
     *
     * @return this stream
     * @throws IOException if the range cannot be opened
     */
    public ResumingRangeStream start() throws IOException {
        if (position < end && current == null) {
            current = opener.open(position, end - 1);
        }
        return this;
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
                start();
                int n = current.in().read(b, off, (int) Math.min(len, end - position));
                if (n > 0) {
                    position += n;
                    return n;
                }
                failure = new IOException(what + ": the body ended at byte " + position + " of " + end);
            } catch (SocketTimeoutException e) {
                failure = e; // a body that stalls past the read timeout is resumed like a broken one
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                failure = e;
            }
            letGo(false);
            if (resumed >= retries) {
                giveUp.giveUp(failure, position, resumed);
                throw failure;
            }
            resumed++;
            LOG.info("{}: resuming at byte {} ({} of {}): {}", what, position, resumed, retries, failure.toString());
        }
        return -1;
    }

    /** Copies the rest in reads of 256 KiB: the JDK's 8 KiB default costs a system call per 8 KiB. */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        return transferInReadsOf(out, Math.min(TRANSFER_BUFFER, end - position));
    }

    /** Closes the current body; abandons its connection unless {@code whole} and the close went well. */
    private void letGo(boolean whole) {
        Body body = current;
        if (body == null) {
            return;
        }
        current = null;
        try {
            body.in().close();
            if (whole) {
                return;
            }
        } catch (IOException e) {
            // a broken body may fail to close; its connection goes either way
        }
        body.abandon().run();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Read to its end, a body's close lets its connection be reused; before, it is dropped.
        letGo(position >= end);
    }
}
