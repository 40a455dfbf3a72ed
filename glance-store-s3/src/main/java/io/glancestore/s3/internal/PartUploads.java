package io.glancestore.s3.internal;

import io.glancestore.exception.BackendException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.s3.internal.S3Client.Cancellation;
import io.glancestore.s3.internal.S3Client.Reply;
import io.glancestore.s3.internal.S3Client.Request;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

/**
 * The parts of one multipart upload, uploaded side by side on the driver's upload threads from
 * buffers of the part size: at most {@code partsInFlight} parts are on their way while the next
 * one fills, so an add holds at most {@code (partsInFlight + 1) x part size} bytes, whatever the
 * image size. A full buffer is handed over, and comes back once its part is stored. Each part
 * carries its {@code Content-MD5} (S3 refuses a part whose bytes changed on the way) and, being
 * in memory, is retried when S3 answers 5xx or SlowDown. The first part that fails for good fails
 * the add at its next write; {@link #cancel} tears down the parts still on their way.
 */
final class PartUploads {

    private static final long AWAIT_ON_CANCEL_SECONDS = 30;

    private final S3Client client;
    private final S3Credentials credentials;
    private final ExecutorService executor;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final int partSize;
    private final int maxBuffers;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final Deque<byte[]> free = new ArrayDeque<>();
    private final Map<Integer, String> etags = new TreeMap<>();
    private int allocated;
    private volatile GlanceStoreException failure;

    /** A part on its way, and how to tear it down. */
    private record InFlight(int number, byte[] buffer, Future<String> etag, Cancellation cancellation) {
    }

    PartUploads(S3Client client, S3Credentials credentials, ExecutorService executor, String bucket, String key,
            String uploadId, int partSize, int partsInFlight) {
        this.client = client;
        this.credentials = credentials;
        this.executor = executor;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
        this.partSize = partSize;
        this.maxBuffers = partsInFlight + 1;
    }

    /**
     * A buffer of the part size to fill: a new one while fewer than the limit exist, else the one
     * of the oldest part on its way, once it is stored.
     *
     * @return the buffer
     * @throws IOException if a part failed, or the thread is interrupted
     */
    byte[] buffer() throws IOException {
        checkFailure();
        if (!free.isEmpty()) {
            return free.poll();
        }
        if (allocated < maxBuffers || inFlight.isEmpty()) {
            allocated++;
            return new byte[partSize];
        }
        return complete(inFlight.poll());
    }

    /**
     * Hands a filled buffer over as the next part.
     *
     * @param number the part number, from 1
     * @param buffer the buffer, which is not to be touched until {@link #buffer} gives it back
     * @param length the bytes of the part
     */
    void submit(int number, byte[] buffer, int length) throws IOException {
        checkFailure();
        Cancellation cancellation = new Cancellation();
        Future<String> etag = executor.submit(() -> upload(number, buffer, length, cancellation));
        inFlight.add(new InFlight(number, buffer, etag, cancellation));
    }

    /**
     * Waits for every part.
     *
     * @return the ETag of each part by part number
     */
    Map<Integer, String> finish() throws IOException {
        while (!inFlight.isEmpty()) {
            free.add(complete(inFlight.poll()));
        }
        checkFailure();
        return etags;
    }

    /** Tears the parts on their way down and waits (bounded) for their threads to let go. */
    void cancel() {
        List<InFlight> parts = new ArrayList<>(inFlight);
        inFlight.clear();
        parts.forEach(p -> p.cancellation.cancel());
        for (InFlight p : parts) {
            try {
                p.etag.get(AWAIT_ON_CANCEL_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                p.etag.cancel(true);
            }
        }
    }

    private byte[] complete(InFlight part) throws IOException {
        try {
            etags.put(part.number, part.etag.get());
            return part.buffer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while part " + part.number + " of " + key + " was uploaded");
        } catch (ExecutionException e) {
            checkFailure();
            throw new BackendException("part " + part.number + " of " + key + " failed", e.getCause());
        }
    }

    private void checkFailure() {
        if (failure != null) {
            throw failure;
        }
    }

    /** Runs on an upload thread. */
    private String upload(int number, byte[] buffer, int length, Cancellation cancellation) throws IOException {
        String what = "PUT " + bucket + "/" + key + " part " + number;
        try {
            byte[] md5 = md5(buffer, length);
            Reply reply = client.call(credentials, Request.of("PUT", bucket, key, what)
                    .query("partNumber=" + number + "&uploadId=" + S3Endpoint.encode(uploadId, false))
                    .header("content-md5", Base64.getEncoder().encodeToString(md5)).body(buffer, 0, length),
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

    private static byte[] md5(byte[] data, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(data, 0, length);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }
}
