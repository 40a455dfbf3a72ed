package io.glancestore.swift.internal;

import io.glancestore.exception.BackendException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.spi.WriteSession;
import io.glancestore.spi.WrittenImage;
import io.glancestore.swift.SwiftLocation;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One image being written to Swift.
 *
 * <p>Below {@code large_object_size} (size known): one streamed PUT with a Content-Length. At or
 * above it, or of unknown size: segments {@code <obj>-00001}, {@code <obj>-00002}, ... of
 * {@code large_object_chunk_size} each in the image's container, then a zero-byte manifest with
 * {@code X-Object-Manifest: <container>/<obj>-}, as glance_store writes them. Each segment is a
 * streamed PUT (Content-Length when the size is known, chunked otherwise). The source is one
 * sequential stream, so segments are sent one after the other, but a finished segment's response
 * (Swift's fsync and ETag) is awaited while the next one already streams: up to
 * {@code segments in flight} segments are outstanding. Memory stays at the few buffers of
 * {@link BodyPipe.Buffers} (768 KiB), whatever the segment size and however many segments are in
 * flight: a segment awaiting its response holds none.
 *
 * <p>Every PUT carries {@code If-None-Match: *}: Swift answers 412 when the object exists, which
 * makes duplicate detection atomic (two concurrent adds of one id cannot both own segment 1, nor
 * both create the manifest). Each segment's ETag is compared with the md5 of the bytes sent; the
 * whole image's md5 is the API layer's, never the manifest's ETag. A failed write deletes every
 * segment it created, and its manifest.
 */
final class SwiftWrite implements WriteSession {

    private static final Logger LOG = LoggerFactory.getLogger(SwiftWrite.class);
    private static final long AWAIT_ON_ABORT_SECONDS = 30;

    private final SwiftStoreDriver driver;
    private final String reservation;
    private final SwiftClient.Target target;
    private final SwiftLocation location;
    private final String container;
    private final String object;
    private final long sizeHint;
    private final boolean segmented;
    private final long chunkSize;
    private final int inFlightLimit;
    private final BodyPipe.Buffers buffers;

    private Part single;
    private Part segment;
    private long segmentWritten;
    private long segmentLength;
    private long written;
    private int segmentNo;
    private final Deque<Part> inFlight = new ArrayDeque<>();
    private final List<String> created = new ArrayList<>();
    private boolean manifestCreated;
    private boolean prepared;
    private int held = -1;
    private boolean done;

    SwiftWrite(SwiftStoreDriver driver, SwiftClient.Target target, SwiftLocation location, long sizeHint,
            String reservation) {
        this.driver = driver;
        this.reservation = reservation;
        this.target = target;
        this.location = location;
        this.container = location.container();
        this.object = location.object();
        this.sizeHint = sizeHint;
        SwiftStoreConfig config = driver.config();
        this.segmented = sizeHint < 0 || sizeHint >= config.largeObjectSize();
        this.chunkSize = config.chunkSize();
        this.inFlightLimit = config.segmentsInFlight();
        this.buffers = new BodyPipe.Buffers(!driver.client().tls(target));
    }

    /** One PUT in progress. */
    private record Part(String name, BodyPipe pipe, CompletableFuture<HttpResponse<Void>> response) {
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        if (!segmented) {
            if (single == null) {
                single = start(object, sizeHint);
            }
            if (held >= 0 || written + length > sizeHint) {
                // More than declared: the API layer fails the add; the body must stay incomplete.
                throw new IOException("more data than the declared size");
            }
            if (length > 0 && written + length == sizeHint) {
                // The last byte waits for commit: a body completed here would be stored by Swift
                // even if the source then turned out longer than declared and the add failed.
                held = data[offset + length - 1] & 0xff;
                send(single, data, offset, length - 1);
            } else {
                send(single, data, offset, length);
            }
            written += length;
            return;
        }
        while (length > 0) {
            if (segment == null) {
                segmentNo++;
                segmentLength = sizeHint < 0 ? chunkSize : Math.min(chunkSize, sizeHint - written);
                if (segmentLength <= 0) {
                    // More bytes than declared: the API layer fails the add; send nothing more.
                    throw new IOException("more data than the declared size");
                }
                segment = start(segmentName(segmentNo), sizeHint < 0 ? -1 : segmentLength);
                segmentWritten = 0;
            }
            int n = (int) Math.min(length, segmentLength - segmentWritten);
            send(segment, data, offset, n);
            segmentWritten += n;
            written += n;
            offset += n;
            length -= n;
            if (segmentWritten == segmentLength) {
                finishSegment();
            }
        }
    }

    private String segmentName(int n) {
        return String.format("%s-%05d", object, n);
    }

    private Part start(String name, long length) throws IOException {
        BodyPipe pipe = new BodyPipe(buffers);
        CompletableFuture<HttpResponse<Void>> response = driver.client().putStream(target, container, name, pipe,
                length, Map.of("If-None-Match", "*"));
        response.whenComplete((r, e) -> pipe.readerGone(e));
        return new Part(name, pipe, response);
    }

    private void send(Part part, byte[] data, int offset, int length) throws IOException {
        try {
            part.pipe.write(data, offset, length);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            // Swift answered before taking the body (412, 413, 401, ...): report its answer.
            HttpResponse<Void> answered = part.response.getNow(null);
            if (answered != null) {
                check(part, answered);
            }
            throw e;
        }
    }

    private void finishSegment() throws IOException {
        segment.pipe.finish();
        inFlight.add(segment);
        segment = null;
        while (inFlight.size() >= inFlightLimit) {
            complete(inFlight.poll());
        }
    }

    /** Awaits a PUT and checks its status and ETag. */
    private void complete(Part part) throws IOException {
        HttpResponse<Void> response = await(part);
        check(part, response);
    }

    private void check(Part part, HttpResponse<Void> response) {
        String what = "PUT " + container + "/" + part.name;
        if (response.statusCode() / 100 != 2) {
            throw SwiftErrors.of(response.statusCode(), what);
        }
        // Created: from here on a failure must delete it.
        created.add(part.name);
        String etag = response.headers().firstValue("Etag").map(s -> s.replace("\"", "")).orElse(null);
        String sent = part.pipe.md5Hex();
        if (etag == null || !etag.equalsIgnoreCase(sent)) {
            throw new BackendException(what + ": Swift's ETag " + etag + " is not the md5 " + sent
                    + " of the bytes sent");
        }
    }

    private HttpResponse<Void> await(Part part) throws IOException {
        try {
            return part.response.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while awaiting PUT " + container + "/" + part.name);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException
                    && e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause();
            if (cause instanceof GlanceStoreException) {
                throw (GlanceStoreException) cause;
            }
            throw new RemoteServiceUnavailableException("PUT " + container + "/" + part.name + " failed: "
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    cause);
        }
    }

    /**
     * For a segmented image, ends the last segment and awaits Swift's answers to every segment
     * PUT (its fsync and ETag) while the API layer finishes hashing; the manifest, which makes the
     * image visible, waits for commit. A single object completes only in commit: Swift makes it
     * visible the moment its body ends.
     */
    @Override
    public void prepareCommit(long size) throws IOException {
        if (prepared || !segmented) {
            return;
        }
        if (segment != null) {
            finishSegment();
        }
        while (!inFlight.isEmpty()) {
            complete(inFlight.poll());
        }
        prepared = true;
    }

    @Override
    public WrittenImage commit(long size) throws IOException {
        WrittenImage image = publish(size);
        buffers.close();
        driver.release(reservation);
        return image;
    }

    private WrittenImage publish(long size) throws IOException {
        if (!segmented) {
            if (single == null) {
                single = start(object, 0);
            }
            if (held >= 0) {
                send(single, new byte[] {(byte) held}, 0, 1);
            }
            single.pipe.finish();
            HttpResponse<Void> response = await(single);
            check(single, response);
            done = true;
            return WrittenImage.at(location);
        }
        prepareCommit(size);
        String what = "PUT " + container + "/" + object;
        if (created.isEmpty()) {
            // An empty image of unknown size: a plain empty object reads the same as a manifest of nothing.
            driver.client().sendOk(target, what, r -> r.to(container, object).header("If-None-Match", "*")
                    .PUT(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
            done = true;
            return WrittenImage.at(location);
        }
        driver.client().sendOk(target, what + " (manifest)", r -> r.to(container, object)
                .header("If-None-Match", "*").header("X-Object-Manifest", encodeManifest(container + "/" + object + "-"))
                .PUT(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        manifestCreated = true;
        long served = driver.sizeOf(target, container, object);
        if (served != size) {
            throw new BackendException(what + ": the manifest serves " + served + " bytes instead of " + size);
        }
        done = true;
        return WrittenImage.at(location);
    }

    /** The manifest header is a path: its characters are quoted as in a URL path, '/' kept. */
    private static String encodeManifest(String prefix) {
        StringBuilder b = new StringBuilder();
        for (String part : prefix.split("/", -1)) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(SwiftClient.encode(part));
        }
        return b.toString();
    }

    @Override
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        try {
            cleanUp();
        } finally {
            buffers.close();
            driver.release(reservation);
        }
    }

    private void cleanUp() {
        IOException cause = new IOException("add aborted");
        List<Part> pending = new ArrayList<>(inFlight);
        inFlight.clear();
        if (segment != null) {
            pending.add(segment);
        }
        if (single != null) {
            pending.add(single);
        }
        for (Part part : pending) {
            if (!part.pipe.finished()) {
                part.pipe.abort(cause);
            }
        }
        for (Part part : pending) {
            try {
                HttpResponse<Void> response = part.response.get(AWAIT_ON_ABORT_SECONDS, TimeUnit.SECONDS);
                if (response.statusCode() / 100 == 2) {
                    created.add(part.name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                part.response.cancel(true);
            } catch (ExecutionException | TimeoutException e) {
                part.response.cancel(true);
            }
        }
        List<String> remove = new ArrayList<>();
        if (manifestCreated) {
            remove.add(object);
        }
        remove.addAll(created.stream().distinct().toList());
        boolean interrupted = Thread.interrupted();
        try {
            for (String name : remove) {
                driver.deleteQuietly(target, container, name);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
