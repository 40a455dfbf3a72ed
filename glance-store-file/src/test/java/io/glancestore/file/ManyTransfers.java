package io.glancestore.file;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ReadOptions;
import io.glancestore.TransferBuffers;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.SizeMismatchException;
import io.glancestore.exception.SourceReadException;
import io.glancestore.exception.VerificationFailedException;
import io.glancestore.tck.FailingInputStream;
import io.glancestore.tck.GeneratedImage;
import io.glancestore.tck.InterruptingInputStream;
import io.glancestore.tck.RecordingVerifier;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many adds, gets, copies and failing transfers at once through one file store, for a JVM with
 * a tiny heap: each of {@code threads} threads runs {@code rounds} rounds of every kind of
 * transfer, the failing ones checked to fail with their typed error. At the end every transfer
 * buffer must be back in the pool. Prints {@code OK} and figures, or what went wrong; exits 0
 * only if nothing unexpected happened (an OutOfMemoryError included).
 * Arguments: datadir, threads, rounds.
 */
public final class ManyTransfers {

    private static final long[] SIZES = {64 * 1024, (1 << 20) + 13, 6L << 20};

    private final FileStore store;
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private final List<String> unexpected = new ArrayList<>();
    private final AtomicLong bytes = new AtomicLong();

    private ManyTransfers(FileStore store) {
        this.store = store;
    }

    /**
     * Runs the transfers.
     *
     * @param args datadir, threads, rounds
     * @throws Exception if the threads cannot be run
     */
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int exit;
        try (FileStore store = FileStore.builder().datadir(Path.of(args[0])).build()) {
            ManyTransfers run = new ManyTransfers(store);
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                Thread worker = new Thread(() -> run.rounds(start, seed, rounds), "transfer-" + t);
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            exit = run.report();
        }
        System.out.flush();
        System.exit(exit);
    }

    private void rounds(CyclicBarrier start, int seed, int rounds) {
        try {
            start.await();
            for (int r = 0; r < rounds; r++) {
                long size = SIZES[(seed + r) % SIZES.length];
                GeneratedImage image = GeneratedImage.of(seed * 1000L + r, size);
                AddResult added = store.add(UUID.randomUUID().toString(), image.openStream(), size);
                count("add");
                verifiedGet(added);
                plainGet(added);
                copy(added);
                failures(image, added);
                store.delete(added.location());
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void verifiedGet(AddResult added) throws IOException {
        try (ImageData data = store.get(added.location(), 0, -1, verify(added.checksum()))) {
            bytes.addAndGet(data.transferTo(OutputStream.nullOutputStream()));
        }
        count("verified get");
    }

    private void plainGet(AddResult added) throws IOException {
        byte[] buffer = new byte[8192];
        try (ImageData data = store.get(added.location())) {
            for (int n; (n = data.read(buffer)) >= 0; ) {
                bytes.addAndGet(n);
            }
        }
        count("get");
    }

    /** A verified get read as the source of an add, on one thread: nested transfers. */
    private void copy(AddResult added) throws IOException {
        try (ImageData data = store.get(added.location(), 0, -1, verify(added.checksum()))) {
            AddResult copy = store.add(UUID.randomUUID().toString(), data, added.size());
            store.delete(copy.location());
        }
        count("copy");
    }

    private void failures(GeneratedImage image, AddResult added) throws IOException {
        long size = image.size();
        expect("short source", SizeMismatchException.class,
                () -> store.add(UUID.randomUUID().toString(), image.openStream(), size + 1));
        expect("long source", SizeMismatchException.class,
                () -> store.add(UUID.randomUUID().toString(), image.openStream(), size - 1));
        expect("source failure", SourceReadException.class, () -> store.add(UUID.randomUUID().toString(),
                FailingInputStream.after(image.openStream(), size / 2), size));
        expect("source unchecked failure", SourceReadException.class, () -> store.add(UUID.randomUUID().toString(),
                FailingInputStream.after(image.openStream(), size / 2, () -> new IllegalStateException("broken")),
                size));
        expect("rejected", VerificationFailedException.class, () -> store.add(UUID.randomUUID().toString(),
                image.openStream(), size, AddOptions.builder().verifier(RecordingVerifier.rejectingWith(
                        () -> new IllegalStateException("bad signature"))).build()));
        expect("hash mismatch", ChecksumMismatchException.class, () -> {
            try (ImageData data = store.get(added.location(), 0, -1, verify("0".repeat(32)))) {
                data.transferTo(OutputStream.nullOutputStream());
            }
        });
        // Either stores nothing and fails with a typed error, or completes intact.
        expect("interrupted", GlanceStoreException.class, () -> {
            try {
                AddResult done = store.add(UUID.randomUUID().toString(),
                        InterruptingInputStream.after(image.openStream(), size / 2), size);
                store.delete(done.location());
                throw new GlanceStoreException("completed despite the interrupt");
            } finally {
                Thread.interrupted();
            }
        });
        interruptedBeforeStart(image);
        try (ImageData abandoned = store.get(added.location(), 0, -1, verify(added.checksum()))) {
            abandoned.readNBytes((int) Math.min(size, 300_000));
        }
        count("abandoned verified get");
    }

    /**
     * An add whose thread is interrupted before it starts: when the budget is spent it is
     * interrupted while it waits for its first chunk. It fails with a typed error or completes
     * intact; either way its buffers come back.
     */
    private void interruptedBeforeStart(GeneratedImage image) throws IOException {
        AddResult done;
        Thread.currentThread().interrupt();
        try {
            done = store.add(UUID.randomUUID().toString(), image.openStream(), image.size());
        } catch (GlanceStoreException e) {
            count("interrupted before start, failed");
            return;
        } finally {
            Thread.interrupted();
        }
        if (!done.checksum().equals(image.md5Hex())) {
            throw new IOException("an add interrupted before it started stored other bytes");
        }
        store.delete(done.location());
        count("interrupted before start, completed");
    }

    private static ReadOptions verify(String md5) {
        return ReadOptions.builder().expectedMd5(md5).build();
    }

    @FunctionalInterface
    private interface Failing {
        void run() throws Exception;
    }

    private void expect(String what, Class<? extends Throwable> type, Failing op) {
        try {
            op.run();
            fail(new AssertionError(what + " did not fail"));
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                count(what);
            } else {
                fail(t);
            }
        }
    }

    private void count(String what) {
        outcomes.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    private void fail(Throwable t) {
        synchronized (unexpected) {
            unexpected.add(t.toString());
            if (unexpected.size() <= 5) {
                t.printStackTrace(System.out);
            }
        }
    }

    private int report() {
        TransferBuffers buffers = TransferBuffers.shared();
        System.out.println("outcomes " + new java.util.TreeMap<>(outcomes));
        System.out.printf("bytes read %d MiB, heap max %d MiB, buffers: %s, peak %d KiB, allocated %d KiB%n",
                bytes.get() >> 20, Runtime.getRuntime().maxMemory() >> 20, buffers, buffers.peakLeasedBytes() >> 10,
                buffers.allocatedBytes() >> 10);
        if (!unexpected.isEmpty()) {
            System.out.println("UNEXPECTED " + unexpected.size() + ": " + unexpected.get(0));
            return 1;
        }
        if (buffers.leasedBytes() != 0) {
            System.out.println("LEAKED " + buffers.leasedBytes() + " bytes of transfer buffers");
            return 1;
        }
        System.out.println("OK");
        return 0;
    }
}
