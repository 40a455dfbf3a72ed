package io.glancestore.swift.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A response body as an InputStream that lets the HTTP client run ahead by a window of buffers.
 * The JDK's own {@code BodyHandlers.ofInputStream()} asks for one buffer list at a time, so every
 * 16 KiB of a download waits for a hand-over between the client's thread and the reader's; here
 * up to {@value #WINDOW} lists (some hundreds of KiB) may wait, which keeps memory bounded and
 * the hand-overs few.
 */
final class WindowedBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {

    private static final int WINDOW = 32;
    private static final List<ByteBuffer> END = List.of();

    private final LinkedBlockingQueue<List<ByteBuffer>> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile Throwable failure;
    private Iterator<ByteBuffer> lists;
    private ByteBuffer current;
    private int consumed;
    private boolean ended;
    private boolean closed;

    static HttpResponse.BodyHandler<InputStream> handler() {
        return info -> new WindowedBody();
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(WINDOW);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
        failure = t;
        queue.add(END);
    }

    @Override
    public void onComplete() {
        queue.add(END);
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
        while (current == null || !current.hasRemaining()) {
            if (lists != null && lists.hasNext()) {
                current = lists.next();
                continue;
            }
            if (ended) {
                return -1;
            }
            if (lists != null) {
                lists = null;
                if (++consumed == WINDOW / 2) {
                    consumed = 0;
                    subscription.request(WINDOW / 2);
                }
            }
            List<ByteBuffer> next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading from swift");
            }
            if (next == END) {
                ended = true;
                Throwable t = failure;
                if (t != null) {
                    throw t instanceof IOException ? (IOException) t : new IOException(t);
                }
                return -1;
            }
            lists = next.iterator();
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Flow.Subscription s = subscription;
            if (s != null && !ended) {
                s.cancel();
            }
            queue.clear();
        }
    }
}
