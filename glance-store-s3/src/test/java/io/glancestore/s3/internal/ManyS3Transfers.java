package io.glancestore.s3.internal;

import io.glancestore.AddResult;
import io.glancestore.ImageData;
import io.glancestore.ImageStore;
import io.glancestore.ReadOptions;
import io.glancestore.TransferBuffers;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.s3.S3Store;
import io.glancestore.tck.GeneratedImage;
import io.glancestore.tck.TransferOutcomes;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.UUID;

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
    private final TransferOutcomes outcomes = new TransferOutcomes();

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
            AddResult added = store.add(id(), image.openStream(), seed % 2 == 0 ? size : ImageStore.UNKNOWN_SIZE);
            outcomes.count("add");
            try (ImageData data = store.get(added.location(), 0, -1, verify(image.md5Hex()))) {
                data.transferTo(OutputStream.nullOutputStream());
            }
            outcomes.count("verified get");
            try (ImageData data = store.get(added.location(), 0, -1, verify(image.md5Hex()))) {
                store.delete(store.add(id(), data, size).location());
            }
            outcomes.count("copy");
            outcomes.expectTypedFailures(store, image, added);
            if (size > 6 * MIB) {
                outcomes.expect("500 mid-multipart", GlanceStoreException.class,
                        () -> store.add("fail500-" + UUID.randomUUID(), image.openStream(), size));
            }
            store.delete(added.location());
        }
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static ReadOptions verify(String md5) {
        return ReadOptions.builder().expectedMd5(md5).build();
    }

    private int report() throws InterruptedException {
        PartBuffers parts = PartBuffers.shared();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (parts.lentBytes() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // upload threads let go of their parts just after a failed add returns
        }
        TransferBuffers buffers = TransferBuffers.shared();
        outcomes.printCounts(System.out);
        System.out.printf("heap max %d MiB; part buffers: budget %d KiB, peak %d KiB, allocated %d KiB, lent %d;"
                + " transfer buffers: %s%n", Runtime.getRuntime().maxMemory() >> 20,
                parts.capacityChunks() * (long) PartBuffers.CHUNK >> 10, parts.peakLentBytes() >> 10,
                parts.allocatedBytes() >> 10, parts.lentBytes(), buffers);
        if (outcomes.printUnexpected(System.out)) {
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
