package io.glancestore.swift.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The body of one streamed PUT, as a reactive publisher that the writing thread pushes into: each
 * chunk written is handed to the HTTP client only when it asks for more, so the writer waits
 * while the network is slower than the source and memory holds about one chunk per request,
 * whatever the object size. Nothing ever blocks on the HTTP client's own threads (a blocking
 * body {@code InputStream} would stall its selector thread, and with it every other request).
 *
 * <p>The md5 of what was handed over is kept, to check Swift's ETag. The exchange can end from
 * either side: the writer {@link #abort}s (the HTTP client then tears the request down, so Swift
 * stores nothing), or the server answers early (412, 413, ...) and {@link #readerGone} makes a
 * waiting writer fail instead of waiting forever. A subscriber that took nothing yet may be
 * replaced, so a request answered before its body is replayed.
 */
final class BodyPipe implements Flow.Publisher<ByteBuffer> {

    private static final long POLL_MS = 100;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final MessageDigest md5;
    private Flow.Subscriber<? super ByteBuffer> subscriber;
    private long demand;
    private boolean cancelled;
    private volatile boolean touched;
    private volatile boolean finished;
    private volatile Throwable readerGone;
    private long sent;

    BodyPipe() {
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
        lock.lock();
        try {
            if (touched) {
                s.onError(new IOException("the body was already sent in part; it cannot be replayed"));
                return;
            }
            subscriber = s;
            demand = 0;
            cancelled = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                lock.lock();
                try {
                    if (subscriber == s) {
                        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                        changed.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void cancel() {
                lock.lock();
                try {
                    if (subscriber == s) {
                        cancelled = true;
                        changed.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
            }
        });
    }

    /** Hands a copy of the bytes to the HTTP client, waiting until it asks for them. */
    void write(byte[] data, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(length);
        copy.put(data, offset, length).flip();
        Flow.Subscriber<? super ByteBuffer> s = awaitDemand();
        touched = true;
        md5.update(data, offset, length);
        sent += length;
        s.onNext(copy);
    }

    /** Ends the body. */
    void finish() throws IOException {
        Flow.Subscriber<? super ByteBuffer> s = awaitSubscriber();
        finished = true;
        s.onComplete();
    }

    /** Fails the body, so the HTTP client tears the request down and nothing is stored. */
    void abort(IOException cause) {
        Flow.Subscriber<? super ByteBuffer> s;
        lock.lock();
        try {
            s = subscriber;
            cancelled = true;
            touched = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (s != null && !finished) {
            s.onError(cause);
        }
    }

    /** Called when the exchange is over, so that a writer waiting to send fails. */
    void readerGone(Throwable cause) {
        lock.lock();
        try {
            readerGone = cause != null ? cause : new IOException("the server answered before the body was sent");
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether no byte was handed over yet (so the request can be replayed). */
    boolean untouched() {
        return !touched;
    }

    boolean finished() {
        return finished;
    }

    long sent() {
        return sent;
    }

    /** The md5 of the bytes handed over, in hex. */
    String md5Hex() {
        return HexFormat.of().formatHex(md5.digest());
    }

    private Flow.Subscriber<? super ByteBuffer> awaitDemand() throws IOException {
        lock.lock();
        try {
            while (subscriber == null || demand == 0 || cancelled) {
                check();
                await();
            }
            demand--;
            return subscriber;
        } finally {
            lock.unlock();
        }
    }

    private Flow.Subscriber<? super ByteBuffer> awaitSubscriber() throws IOException {
        lock.lock();
        try {
            while (subscriber == null || cancelled) {
                check();
                await();
            }
            return subscriber;
        } finally {
            lock.unlock();
        }
    }

    private void check() throws IOException {
        if (readerGone != null) {
            throw new IOException("the swift request ended before the body was sent", readerGone);
        }
        if (cancelled) {
            // Cancelled by the HTTP client: its exchange is failing; readerGone follows shortly.
            return;
        }
    }

    private void await() throws IOException {
        try {
            changed.await(POLL_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending to swift");
        }
    }
}
