package io.glancestore.swift.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
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
     * Buffers of this size (the API layer's chunk) are recycled once the HTTP client has written
     * them out, so no chunk is allocated and zeroed per write.
     */
    static final int BUFFER_SIZE = 256 * 1024;
    /** Buffers one write holds at most. */
    static final int PER_WRITE = 3;

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
     * The body buffers of one write, shared by its PUTs: at most {@value #PER_WRITE} buffers of
     * {@value #BUFFER_SIZE} bytes, each taken again only when the HTTP client has consumed all of
     * it; when all are still in the client's hands, the writer waits for one. Over plain HTTP the
     * client writes a buffer straight to the socket, whose position moves only as the kernel takes
     * the bytes, so a drained buffer is free. Direct buffers (which the socket takes without a
     * copy) come from a pool of this JVM of at most a sixteenth of the heap's size, heap buffers
     * beyond it. Over TLS the engine moves a buffer's limit while it encrypts, so there every
     * chunk is a fresh heap buffer (as many as the client holds, one or two). Memory per write:
     * at most {@value #PER_WRITE} x {@value #BUFFER_SIZE} bytes.
     */
    static final class Buffers {
        private static final ConcurrentLinkedDeque<ByteBuffer> IDLE_DIRECT = new ConcurrentLinkedDeque<>();
        private static final AtomicInteger DIRECT_ALLOCATED = new AtomicInteger();
        private static final int MAX_DIRECT = (int) Math.max(8, Math.min(512,
                Runtime.getRuntime().maxMemory() / 16 / BUFFER_SIZE));

        private final boolean pooled;
        private final List<ByteBuffer> own = new ArrayList<>();
        private final IdentityHashMap<ByteBuffer, Integer> lengths = new IdentityHashMap<>();

        Buffers(boolean pooled) {
            this.pooled = pooled;
        }

        synchronized ByteBuffer take(int length) throws InterruptedIOException {
            if (!pooled || length > BUFFER_SIZE) {
                return ByteBuffer.allocate(length);
            }
            while (true) {
                for (ByteBuffer b : own) {
                    Integer handed = lengths.get(b);
                    if (handed == null || (b.position() == handed && b.limit() == handed)) {
                        lengths.remove(b);
                        b.clear();
                        return b;
                    }
                }
                if (own.size() < PER_WRITE) {
                    ByteBuffer b = newBuffer();
                    own.add(b);
                    return b;
                }
                try {
                    // The client asked for more, so it is writing the ones it has: soon one drains.
                    wait(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while sending to swift");
                }
            }
        }

        private static ByteBuffer newBuffer() {
            ByteBuffer idle = IDLE_DIRECT.pollFirst();
            if (idle != null) {
                return idle;
            }
            if (DIRECT_ALLOCATED.incrementAndGet() <= MAX_DIRECT) {
                return ByteBuffer.allocateDirect(BUFFER_SIZE);
            }
            DIRECT_ALLOCATED.decrementAndGet();
            return ByteBuffer.allocate(BUFFER_SIZE);
        }

        synchronized void handedOver(ByteBuffer b) {
            if (pooled && b.capacity() == BUFFER_SIZE) {
                lengths.put(b, b.limit());
            }
        }

        /**
         * Gives the drained direct buffers back to the JVM's pool once the write is over; a
         * buffer the client may still hold (an aborted request) is left to the collector.
         */
        synchronized void close() {
            for (ByteBuffer b : own) {
                Integer handed = lengths.get(b);
                boolean drained = handed == null || (b.position() == handed && b.limit() == handed);
                if (b.isDirect()) {
                    if (drained) {
                        b.clear();
                        IDLE_DIRECT.addFirst(b);
                    } else {
                        DIRECT_ALLOCATED.decrementAndGet();
                    }
                }
            }
            own.clear();
            lengths.clear();
        }
    }
}
