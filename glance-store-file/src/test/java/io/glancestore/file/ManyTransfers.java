package io.glancestore.file;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ReadOptions;
import io.glancestore.TransferBuffers;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.SourceReadException;
import io.glancestore.tck.FailingInputStream;
import io.glancestore.tck.GeneratedImage;
import io.glancestore.tck.TransferOutcomes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.UUID;
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
    private final TransferOutcomes outcomes = new TransferOutcomes();
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
            run.outcomes.onThreads(threads, seed -> run.rounds(seed, rounds));
            exit = run.report();
        }
        System.out.flush();
        System.exit(exit);
    }

    private void rounds(int seed, int rounds) throws IOException {
        for (int r = 0; r < rounds; r++) {
            long size = SIZES[(seed + r) % SIZES.length];
            GeneratedImage image = GeneratedImage.of(seed * 1000L + r, size);
            AddResult added = store.add(UUID.randomUUID().toString(), image.openStream(), size);
            outcomes.count("add");
            verifiedGet(added);
            plainGet(added);
            copy(added);
            failures(image, added);
            store.delete(added.location());
        }
    }

    private void verifiedGet(AddResult added) throws IOException {
        try (ImageData data = store.get(added.location(), 0, -1, verify(added.checksum()))) {
            bytes.addAndGet(data.transferTo(OutputStream.nullOutputStream()));
        }
        outcomes.count("verified get");
    }

    private void plainGet(AddResult added) throws IOException {
        byte[] buffer = new byte[8192];
        try (ImageData data = store.get(added.location())) {
            for (int n; (n = data.read(buffer)) >= 0; ) {
                bytes.addAndGet(n);
            }
        }
        outcomes.count("get");
    }

    /** A verified get read as the source of an add, on one thread: nested transfers. */
    private void copy(AddResult added) throws IOException {
        try (ImageData data = store.get(added.location(), 0, -1, verify(added.checksum()))) {
            AddResult copy = store.add(UUID.randomUUID().toString(), data, added.size());
            store.delete(copy.location());
        }
        outcomes.count("copy");
    }

    private void failures(GeneratedImage image, AddResult added) throws IOException {
        long size = image.size();
        outcomes.expectTypedFailures(store, image, added);
        outcomes.expect("source unchecked failure", SourceReadException.class, () -> store.add(
                UUID.randomUUID().toString(), FailingInputStream.after(image.openStream(), size / 2,
                        () -> new IllegalStateException("broken")), size));
        interruptedBeforeStart(image);
        try (ImageData abandoned = store.get(added.location(), 0, -1, verify(added.checksum()))) {
            abandoned.readNBytes((int) Math.min(size, 300_000));
        }
        outcomes.count("abandoned verified get");
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
            outcomes.count("interrupted before start, failed");
            return;
        } finally {
            Thread.interrupted();
        }
        if (!done.checksum().equals(image.md5Hex())) {
            throw new IOException("an add interrupted before it started stored other bytes");
        }
        store.delete(done.location());
        outcomes.count("interrupted before start, completed");
    }

    private static ReadOptions verify(String md5) {
        return ReadOptions.builder().expectedMd5(md5).build();
    }

    private int report() {
        TransferBuffers buffers = TransferBuffers.shared();
        outcomes.printCounts(System.out);
        System.out.printf("bytes read %d MiB, heap max %d MiB, buffers: %s, peak %d KiB, allocated %d KiB%n",
                bytes.get() >> 20, Runtime.getRuntime().maxMemory() >> 20, buffers, buffers.peakLeasedBytes() >> 10,
                buffers.allocatedBytes() >> 10);
        if (outcomes.printUnexpected(System.out)) {
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
