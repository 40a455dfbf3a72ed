package io.glancestore.cache;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.location.StoreLocation;
import io.glancestore.spi.LocalFileRange;
import io.glancestore.tck.GatedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store in front of another that counts the reads the cache makes of it, and can hold the
 * next stream at a gate, hold the positional reads of the next local-file stream at a gate, fail it
 * after some bytes, or corrupt a byte of it: what a test needs
 * to see whether the cache read the store, how often, and what it does when the store misbehaves.
 */
final class CountingStore implements ImageStore {

    private final ImageStore delegate;
    private final String type;
    final AtomicInteger wholeGets = new AtomicInteger();
    final AtomicInteger rangedGets = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final List<GatedInputStream> gates = new CopyOnWriteArrayList<>();
    final List<CopyGate> copyGates = new CopyOnWriteArrayList<>();
    private volatile boolean gateNextCopy;
    private volatile long gateNextAfter = -1;
    private volatile long failNextAfter = -1;
    private volatile long corruptAt = -1;

    CountingStore(ImageStore delegate) {
        this(delegate, delegate.type());
    }

    CountingStore(ImageStore delegate, String type) {
        this.delegate = delegate;
        this.type = type;
    }

    /** The next stream opened pauses after this many bytes until its gate is opened. */
    void gateNextStreamAfter(long bytes) {
        gateNextAfter = bytes;
    }

    /** The positional reads of the next local-file stream opened pause after the first one until its gate is opened. */
    void gateNextCopyAfterFirstStep() {
        gateNextCopy = true;
    }

    /** The next stream opened throws an IOException after this many bytes. */
    void failNextStreamAfter(long bytes) {
        failNextAfter = bytes;
    }

    /** Every whole-image stream has the byte at this position flipped, and no hashes checked. */
    void corruptByteAt(long position) {
        corruptAt = position;
    }

    @Override
    public ImageData get(String location, long offset, long length, ReadOptions options) {
        ImageData data;
        if (offset == 0 && length < 0) {
            wholeGets.incrementAndGet();
        } else {
            rangedGets.incrementAndGet();
        }
        long corrupt = corruptAt;
        if (corrupt >= 0 && offset == 0) {
            // A store that lies: bad bytes, and the caller's expected hashes ignored.
            data = delegate.get(location, offset, length, ReadOptions.defaults());
            data = ImageData.of(new Corrupting(data, corrupt), data.offset(), data.length(), data.imageSize());
        } else {
            data = delegate.get(location, offset, length, options);
        }
        if (gateNextCopy && data.isLocalFile()) {
            gateNextCopy = false;
            CopyGate gate = new CopyGate();
            copyGates.add(gate);
            data = ImageData.ofLocalFile(data, gate.around(data), data.offset(), data.length(), data.imageSize());
        }
        long gateAfter = gateNextAfter;
        if (gateAfter >= 0) {
            gateNextAfter = -1;
            GatedInputStream gate = new GatedInputStream(data, gateAfter);
            gates.add(gate);
            data = ImageData.of(gate, data.offset(), data.length(), data.imageSize());
        }
        long failAfter = failNextAfter;
        if (failAfter >= 0) {
            failNextAfter = -1;
            data = ImageData.of(new Failing(data, failAfter), data.offset(), data.length(), data.imageSize());
        }
        return data;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public AddResult add(String imageId, InputStream data, long size, AddOptions options) {
        return delegate.add(imageId, data, size, options);
    }

    @Override
    public long size(String location) {
        return delegate.size(location);
    }

    @Override
    public void delete(String location) {
        delegate.delete(location);
    }

    @Override
    public boolean handles(String location) {
        return delegate.handles(location);
    }

    @Override
    public StoreLocation location(String location) {
        return delegate.location(location);
    }

    /** Keeps the images: tests reopen caches around the same store, as a restart would. */
    @Override
    public void close() {
        closes.incrementAndGet();
    }

    /** Lets the first positional read of a stream through and holds the next ones until opened. */
    static final class CopyGate {
        private final CountDownLatch paused = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);
        private final AtomicInteger calls = new AtomicInteger();

        LocalFileRange around(ImageData data) {
            return (position, target) -> {
                if (calls.incrementAndGet() > 1) {
                    paused.countDown();
                    try {
                        opened.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted at the read gate");
                    }
                }
                return data.readAt(position, target);
            };
        }

        /** Waits until a positional read is held at the gate. */
        boolean awaitPaused(long timeout, TimeUnit unit) throws InterruptedException {
            return paused.await(timeout, unit);
        }

        void open() {
            opened.countDown();
        }
    }

    /** Flips one byte of the stream. */
    private static final class Corrupting extends FilterInputStream {
        private final long at;
        private long position;

        Corrupting(InputStream in, long at) {
            super(in);
            this.at = at;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0 && at >= position && at < position + n) {
                b[off + (int) (at - position)] ^= 0x5a;
            }
            position += Math.max(0, n);
            return n;
        }

        @Override
        public long transferTo(java.io.OutputStream out) throws IOException {
            byte[] buf = new byte[65536];
            long total = 0;
            for (int n; (n = read(buf, 0, buf.length)) >= 0; ) {
                out.write(buf, 0, n);
                total += n;
            }
            return total;
        }
    }

    /** Throws after some bytes, as a broken connection does. */
    private static final class Failing extends FilterInputStream {
        private long left;

        Failing(InputStream in, long after) {
            super(in);
            this.left = after;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                throw new IOException("connection reset (test)");
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            left -= Math.max(0, n);
            return n;
        }
    }
}
