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

    /**
     * Direct buffers of up to this size are recycled once the HTTP client has written them out:
     * the socket takes a direct buffer as it is (a heap buffer is first copied into one), and no
     * chunk is allocated and zeroed per write.
     */
    static final int POOLED_SIZE = 1 << 20;
    private static final int POOL = 4;

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
    private final Buffers buffers;

    BodyPipe(Buffers buffers) {
        this.buffers = buffers;
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
        Flow.Subscriber<? super ByteBuffer> s = awaitDemand();
        ByteBuffer copy = buffers.take(length);
        copy.put(data, offset, length).flip();
        touched = true;
        md5.update(data, offset, length);
        sent += length;
        buffers.handedOver(copy);
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

    /**
     * The body buffers of one write, shared by its PUTs: at most {@value #POOL} direct buffers of
     * {@value #POOLED_SIZE} bytes, each taken again only when the HTTP client has consumed all of
     * it. Over plain HTTP the client writes a buffer straight to the socket, whose position moves
     * only as the kernel takes the bytes, so a drained buffer is free. Over TLS the engine moves a
     * buffer's limit while it encrypts, so there every chunk is a fresh heap buffer.
     */
    static final class Buffers {
        private final boolean pooled;
        private final java.util.ArrayDeque<ByteBuffer> handed = new java.util.ArrayDeque<>();
        private final java.util.IdentityHashMap<ByteBuffer, Integer> lengths = new java.util.IdentityHashMap<>();
        private int allocated;

        Buffers(boolean pooled) {
            this.pooled = pooled;
        }

        synchronized ByteBuffer take(int length) {
            if (pooled && length <= POOLED_SIZE) {
                for (java.util.Iterator<ByteBuffer> it = handed.iterator(); it.hasNext(); ) {
                    ByteBuffer b = it.next();
                    int handedLength = lengths.get(b);
                    if (b.position() == handedLength && b.limit() == handedLength) {
                        it.remove();
                        lengths.remove(b);
                        b.clear();
                        return b;
                    }
                }
                if (allocated < POOL) {
                    allocated++;
                    return ByteBuffer.allocateDirect(POOLED_SIZE);
                }
            }
            return ByteBuffer.allocate(length);
        }

        synchronized void handedOver(ByteBuffer b) {
            if (b.isDirect()) {
                handed.add(b);
                lengths.put(b, b.limit());
            }
        }
    }
}
