package io.glancestore.s3.internal;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.TransferBuffers;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.SizeMismatchException;
import io.glancestore.exception.SourceReadException;
import io.glancestore.exception.VerificationFailedException;
import io.glancestore.s3.S3Store;
import io.glancestore.tck.FailingInputStream;
import io.glancestore.tck.GeneratedImage;
import io.glancestore.tck.InterruptingInputStream;
import io.glancestore.tck.RecordingVerifier;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many s3 adds, gets, copies and failing transfers at once through one store, for a JVM with a
 * small heap: each of {@code threads} threads runs {@code rounds} rounds of every kind, single
 * PUTs and multipart uploads (parts of 5 MiB, 3 at once), the failing ones checked to fail with
 * their typed error. At the end every s3 part buffer and every transfer buffer must be back.
 * Prints {@code OK} and figures, or what went wrong; exits 0 only if nothing unexpected happened.
 * Arguments: endpoint, threads, rounds.
 */
public final class ManyS3Transfers {

    private static final long MIB = 1 << 20;
    private static final long[] SIZES = {64 * 1024, MIB + 13, 12 * MIB + 7};

    private final S3Store store;
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private final List<String> unexpected = new ArrayList<>();

    private ManyS3Transfers(S3Store store) {
        this.store = store;
    }

    /**
     * Runs the transfers.
     *
     * @param args endpoint, threads, rounds
     * @throws Exception if the threads cannot be run
     */
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int exit;
        try (S3Store store = S3Store.builder().host(args[0]).accessKey("AKID").secretKey("SECRET").bucket("bkt")
                .bucketUrlFormat("path").largeObjectSizeMiB(6).largeObjectChunkSizeMiB(5).threadPools(2)
                .option("s3_store_request_retries", "2").retryBackoff(Duration.ofMillis(1)).build()) {
            ManyS3Transfers run = new ManyS3Transfers(store);
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
                AddResult added = store.add(id(), image.openStream(), seed % 2 == 0 ? size : ImageStore.UNKNOWN_SIZE);
                count("add");
                try (ImageData data = store.get(added.location(), 0, -1, verify(image.md5Hex()))) {
                    data.transferTo(OutputStream.nullOutputStream());
                }
                count("verified get");
                try (ImageData data = store.get(added.location(), 0, -1, verify(image.md5Hex()))) {
                    store.delete(store.add(id(), data, size).location());
                }
                count("copy");
                failures(image, added);
                store.delete(added.location());
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void failures(GeneratedImage image, AddResult added) {
        long size = image.size();
        expect("short source", SizeMismatchException.class, () -> store.add(id(), image.openStream(), size + 1));
        expect("long source", SizeMismatchException.class, () -> store.add(id(), image.openStream(), size - 1));
        expect("source failure", SourceReadException.class,
                () -> store.add(id(), FailingInputStream.after(image.openStream(), size / 2), size));
        expect("rejected", VerificationFailedException.class, () -> store.add(id(), image.openStream(), size,
                AddOptions.builder().verifier(RecordingVerifier.rejectingWith(
                        () -> new IllegalStateException("bad signature"))).build()));
        expect("hash mismatch", ChecksumMismatchException.class, () -> {
            try (ImageData data = store.get(added.location(), 0, -1, verify("0".repeat(32)))) {
                data.transferTo(OutputStream.nullOutputStream());
            }
        });
        if (size > 6 * MIB) {
            expect("500 mid-multipart", GlanceStoreException.class,
                    () -> store.add("fail500-" + UUID.randomUUID(), image.openStream(), size));
        }
        // Either stores nothing and fails with a typed error, or completes intact.
        expect("interrupted", GlanceStoreException.class, () -> {
            try {
                AddResult done = store.add(id(), InterruptingInputStream.after(image.openStream(), size / 2), size);
                store.delete(done.location());
                throw new GlanceStoreException("completed despite the interrupt");
            } finally {
                Thread.interrupted();
            }
        });
    }

    private static String id() {
        return UUID.randomUUID().toString();
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

    private int report() throws InterruptedException {
        PartBuffers parts = PartBuffers.shared();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (parts.lentBytes() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // upload threads let go of their parts just after a failed add returns
        }
        TransferBuffers buffers = TransferBuffers.shared();
        System.out.println("outcomes " + new TreeMap<>(outcomes));
        System.out.printf("heap max %d MiB; part buffers: budget %d KiB, peak %d KiB, allocated %d KiB, lent %d;"
                + " transfer buffers: %s%n", Runtime.getRuntime().maxMemory() >> 20,
                parts.capacityChunks() * (long) PartBuffers.CHUNK >> 10, parts.peakLentBytes() >> 10,
                parts.allocatedBytes() >> 10, parts.lentBytes(), buffers);
        if (!unexpected.isEmpty()) {
            System.out.println("UNEXPECTED " + unexpected.size() + ": " + unexpected.get(0));
            return 1;
        }
        if (parts.lentBytes() != 0 || buffers.leasedBytes() != 0) {
            System.out.println("LEAKED " + parts.lentBytes() + " bytes of part buffers, " + buffers.leasedBytes()
                    + " of transfer buffers");
            return 1;
        }
        if (parts.allocatedBytes() > parts.capacityChunks() * (long) PartBuffers.CHUNK) {
            System.out.println("OVER BUDGET: " + parts.allocatedBytes() + " bytes of part buffers allocated");
            return 1;
        }
        System.out.println("OK");
        return 0;
    }
}
