package io.glancestore.s3.internal;

import io.glancestore.exception.BackendException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.s3.internal.S3Client.Cancellation;
import io.glancestore.s3.internal.S3Client.Reply;
import io.glancestore.s3.internal.S3Client.Request;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The parts of one multipart upload, uploaded side by side on the driver's upload threads: at
 * most {@code partsInFlight} parts are on their way while the next one fills, so an add holds at
 * most {@code (partsInFlight + 1) x part size} bytes of {@link PartBuffers}, whatever the image
 * size, and fewer when the budget is short. A full {@link Part} is handed over and goes back to
 * its lease once S3 has stored it or it failed for good. Each part carries its
 * {@code Content-MD5} (S3 refuses a part whose bytes changed on the way) and, being in memory, is
 * retried when S3 answers 5xx or SlowDown. The first part that fails for good fails the add at its
 * next write; {@link #cancel} tears down the parts still on their way.
 */
final class PartUploads {

    private static final long AWAIT_ON_CANCEL_SECONDS = 30;

    private final S3Client client;
    private final S3Credentials credentials;
    private final ExecutorService executor;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final PartBuffers.Lease lease;
    private final int partsInFlight;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final Map<Integer, String> etags = new TreeMap<>();
    private volatile GlanceStoreException failure;

    /**
     * A part on its way, and how to tear it down. Its upload claims it when it starts, so a part
     * whose upload was cancelled before it ran goes back to the lease all the same.
     */
    private record InFlight(int number, Part part, Future<String> etag, Cancellation cancellation,
            AtomicBoolean claimed) {
    }

    PartUploads(S3Client client, S3Credentials credentials, ExecutorService executor, String bucket, String key,
            String uploadId, PartBuffers.Lease lease, int partsInFlight) {
        this.client = client;
        this.credentials = credentials;
        this.executor = executor;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
        this.lease = lease;
        this.partsInFlight = Math.max(1, partsInFlight);
    }

    /**
     * Hands a filled part over as the next one, first waiting for the oldest on its way if
     * {@code partsInFlight} are. The part goes back to the lease when its upload ends.
     *
     * @param number the part number, from 1
     * @param part the part, which is not to be touched any more
     * @throws IOException if a part failed, or the thread is interrupted
     */
    void submit(int number, Part part) throws IOException {
        try {
            checkFailure();
            while (inFlight.size() >= partsInFlight) {
                complete(inFlight.poll());
            }
            while (!inFlight.isEmpty() && inFlight.peek().etag.isDone()) {
                complete(inFlight.poll());
            }
        } catch (IOException | RuntimeException e) {
            lease.release(part);
            throw e;
        }
        Cancellation cancellation = new Cancellation();
        AtomicBoolean claimed = new AtomicBoolean();
        Future<String> etag;
        try {
            etag = executor.submit(() -> {
                if (!claimed.compareAndSet(false, true)) {
                    throw new InterruptedIOException("cancelled before it started");
                }
                try {
                    return upload(number, part, cancellation);
                } finally {
                    lease.release(part);
                }
            });
        } catch (RuntimeException e) {
            lease.release(part);
            throw new BackendException("part " + number + " of " + key + " could not be started", e);
        }
        inFlight.add(new InFlight(number, part, etag, cancellation, claimed));
    }

    /**
     * Waits for every part.
     *
     * @return the ETag of each part by part number
     */
    Map<Integer, String> finish() throws IOException {
        while (!inFlight.isEmpty()) {
            complete(inFlight.poll());
        }
        checkFailure();
        return etags;
    }

    /**
     * Tears the parts on their way down and waits (bounded) for their threads to let go; every
     * part goes back to the lease, at the latest when its thread lets go of it.
     */
    void cancel() {
        List<InFlight> parts = new ArrayList<>(inFlight);
        inFlight.clear();
        parts.forEach(p -> p.cancellation.cancel());
        boolean interrupted = false;
        for (InFlight p : parts) {
            try {
                if (!interrupted) {
                    p.etag.get(AWAIT_ON_CANCEL_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                // stopped, failed or stuck: stuck ones are interrupted below
            }
            if (!p.etag.isDone()) {
                p.etag.cancel(true);
            }
            if (p.claimed.compareAndSet(false, true)) {
                lease.release(p.part);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void complete(InFlight part) throws IOException {
        try {
            etags.put(part.number, part.etag.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while part " + part.number + " of " + key + " was uploaded");
        } catch (ExecutionException e) {
            checkFailure();
            throw new BackendException("part " + part.number + " of " + key + " failed", e.getCause());
        }
    }

    /**
     * Fails if a part failed for good.
     *
     * @throws GlanceStoreException the part's error
     */
    void checkFailure() {
        if (failure != null) {
            throw failure;
        }
    }

    /** Runs on an upload thread. */
    private String upload(int number, Part part, Cancellation cancellation) throws IOException {
        String what = "PUT " + bucket + "/" + key + " part " + number;
        try {
            byte[] md5 = part.md5();
            Reply reply = client.call(credentials, Request.of("PUT", bucket, key, what)
                    .query("partNumber=" + number + "&uploadId=" + S3Endpoint.encode(uploadId, false))
                    .header("content-md5", Base64.getEncoder().encodeToString(md5)).body(part),
                    cancellation);
            if (!reply.ok()) {
                throw S3Errors.of(reply.status(), reply.code(), what);
            }
            String etag = reply.header("ETag").orElseThrow(() -> new BackendException(what + ": no ETag in the answer"));
            String hex = etag.replace("\"", "");
            if (hex.matches("[0-9a-fA-F]{32}") && !hex.equalsIgnoreCase(HexFormat.of().formatHex(md5))) {
                throw new BackendException(what + ": S3's ETag " + hex + " is not the md5 of the part sent");
            }
            return etag;
        } catch (GlanceStoreException e) {
            fail(e);
            throw e;
        } catch (IOException | RuntimeException e) {
            if (!cancellation.cancelled()) {
                fail(new RemoteServiceUnavailableException(what + " failed: " + e, e));
            }
            throw e;
        }
    }

    private void fail(GlanceStoreException e) {
        if (failure == null) {
            failure = e;
        }
    }
}
