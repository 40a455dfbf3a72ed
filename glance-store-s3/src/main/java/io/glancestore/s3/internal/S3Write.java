package io.glancestore.s3.internal;

import io.glancestore.exception.BackendException;
import io.glancestore.s3.S3Location;
import io.glancestore.s3.internal.S3Client.Reply;
import io.glancestore.s3.internal.S3Client.Request;
import io.glancestore.spi.WriteSession;
import io.glancestore.spi.WrittenImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One image being written to S3, in one of three ways:
 * <ul>
 *   <li>size known and at most one part (and below {@code large_object_size}): the bytes are
 *       collected in chunks of {@link PartBuffers} (as many as the image needs), then sent in one
 *       PUT with their {@code Content-MD5}, retried if S3 answers 5xx or SlowDown;</li>
 *   <li>size known, below {@code large_object_size}, more than one part: one PUT streamed
 *       straight from the writes to the socket, its last byte held back until commit (a complete
 *       body would be stored even if the add failed after it); S3's ETag is checked against the
 *       md5 of the bytes sent;</li>
 *   <li>size known and at or above {@code large_object_size}, or unknown: parts of the part size,
 *       collected in chunks of {@link PartBuffers} and uploaded side by side
 *       ({@link PartUploads}), then CompleteMultipartUpload; an image of unknown size that ends
 *       within its first part is one PUT instead.</li>
 * </ul>
 * Memory: a streamed PUT holds nothing but the caller's chunk; otherwise the add holds at most
 * {@code (s3_store_thread_pools + 1) x part size} of part buffers (one part filling, the others on
 * their way), fewer when other adds use the budget, and every byte of it goes back to the budget
 * when the add ends, whichever way.
 * Single PUTs and the completion carry {@code If-None-Match: *}, so S3 refuses to replace an
 * image that appeared meanwhile. A failed write leaves nothing: a streamed PUT is torn down before
 * its last byte, a multipart upload is aborted once its parts have stopped (so no part is left
 * behind), and an object that fails its check after completion is deleted.
 */
final class S3Write implements WriteSession {

    private static final Logger LOG = LoggerFactory.getLogger(S3Write.class);

    private final S3StoreDriver driver;
    private final S3Client client;
    private final S3Credentials credentials;
    private final S3Location location;
    private final String reservation;
    private final String bucket;
    private final String key;
    private final long sizeHint;
    private final long partSize;
    private final boolean streamed;

    // Collected bytes: the current part, or the whole image of a single PUT.
    private PartBuffers.Lease lease;
    private Part part;
    // Multipart, once a second part begins.
    private String uploadId;
    private PartUploads parts;
    private int partNumber;
    // A streamed single PUT.
    private HttpURLConnection connection;
    private OutputStream body;
    private MessageDigest streamedMd5;
    private int held = -1;

    private long written;
    private boolean created;
    private boolean done;

    S3Write(S3StoreDriver driver, S3Credentials credentials, S3Location location, long sizeHint, String reservation) {
        this.driver = driver;
        this.client = driver.client();
        this.credentials = credentials;
        this.location = location;
        this.reservation = reservation;
        this.bucket = location.bucket();
        this.key = location.key();
        this.sizeHint = sizeHint;
        S3StoreConfig config = driver.config();
        this.partSize = config.partSize(sizeHint);
        this.streamed = sizeHint > partSize && sizeHint < config.largeObjectSize();
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        if (sizeHint >= 0 && written + length > sizeHint) {
            // More than declared: the API layer fails the add; nothing more may be sent.
            throw new IOException("more data than the declared size");
        }
        if (streamed) {
            stream(data, offset, length);
        } else {
            while (length > 0) {
                int n = collect(data, offset, length);
                offset += n;
                length -= n;
            }
        }
    }

    /** Copies what fits into the current part; a full one is sent once more data comes. */
    private int collect(byte[] data, int offset, int length) throws IOException {
        if (part != null && part.full()) {
            if (parts == null) {
                startMultipart();
            }
            Part full = part;
            part = null;
            parts.submit(++partNumber, full);
        }
        if (part == null) {
            if (lease == null) {
                lease = PartBuffers.shared().lease(what(), partSize, driver.config().threadPools() + 1);
            }
            // A small image of known size costs the chunks it needs, not a whole part.
            part = lease.next(sizeHint >= 0 ? Math.min(partSize, sizeHint) : partSize);
            if (parts != null) {
                parts.checkFailure();
            }
        }
        int n = part.write(data, offset, length);
        written += n;
        return n;
    }

    private void stream(byte[] data, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        if (connection == null) {
            streamedMd5 = md5();
            connection = client.connect(credentials, Request.of("PUT", bucket, key, what())
                    .header("if-none-match", "*"), sizeHint);
            body = connection.getOutputStream();
        }
        int send = length;
        if (written + length == sizeHint) {
            held = data[offset + length - 1] & 0xff;
            send--;
        }
        try {
            body.write(data, offset, send);
        } catch (IOException e) {
            throw answerOr(e);
        }
        streamedMd5.update(data, offset, length);
        written += length;
    }

    @Override
    public WrittenImage commit(long size) throws IOException {
        try {
            if (streamed) {
                finishStream();
            } else if (parts == null) {
                putWhole();
            } else {
                completeMultipart(size);
            }
            done = true;
            return WrittenImage.at(location);
        } finally {
            if (done) {
                releaseParts();
                driver.release(reservation);
            }
        }
    }

    private void finishStream() throws IOException {
        try {
            body.write(held);
            body.close();
        } catch (IOException e) {
            throw answerOr(e);
        }
        Reply reply = S3Client.read(connection, false);
        check(reply, what());
        created = true;
        checkEtag(reply, HexFormat.of().formatHex(streamedMd5.digest()));
    }

    private void putWhole() throws IOException {
        if (part == null) {
            lease = PartBuffers.shared().lease(what(), partSize, 1);
            part = lease.next(0);
        }
        byte[] digest = part.md5();
        Reply reply = client.call(credentials, Request.of("PUT", bucket, key, what()).header("if-none-match", "*")
                .header("content-md5", Base64.getEncoder().encodeToString(digest)).body(part), null);
        check(reply, what());
        created = true;
        checkEtag(reply, HexFormat.of().formatHex(digest));
    }

    private void startMultipart() throws IOException {
        String what = "POST " + bucket + "/" + key + "?uploads";
        Reply reply = client.call(credentials, Request.of("POST", bucket, key, what).query("uploads="), null);
        check(reply, what);
        uploadId = S3Xml.text(S3Xml.parse(reply.body()), "UploadId");
        if (uploadId == null || uploadId.isEmpty()) {
            throw new BackendException(what + ": no UploadId in the answer");
        }
        parts = new PartUploads(client, credentials, driver.uploads(), bucket, key, uploadId, lease,
                driver.config().threadPools());
        LOG.debug("{}: multipart upload {} started", what(), uploadId);
    }

    private void completeMultipart(long size) throws IOException {
        if (part != null && part.length() > 0) {
            Part last = part;
            part = null;
            parts.submit(++partNumber, last);
        }
        Map<Integer, String> etags = parts.finish();
        StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
        etags.forEach((n, etag) -> xml.append("<Part><PartNumber>").append(n).append("</PartNumber><ETag>")
                .append(etag.replace("&", "&amp;").replace("<", "&lt;")).append("</ETag></Part>"));
        byte[] request = xml.append("</CompleteMultipartUpload>").toString().getBytes(StandardCharsets.UTF_8);
        String what = "POST " + bucket + "/" + key + "?uploadId (complete " + etags.size() + " parts)";
        Reply reply = client.call(credentials, Request.of("POST", bucket, key, what)
                .query("uploadId=" + S3Endpoint.encode(uploadId, false)).header("if-none-match", "*")
                .body(request, 0, request.length), null);
        // S3 may fail a completion late, with an error inside a 200.
        String code = reply.code();
        if (!reply.ok() || code != null) {
            throw S3Errors.of(reply.status(), code, what);
        }
        created = true;
        // Some servers answer an empty ETag here (radosgw 16): what counts is what a reader gets.
        long stored = driver.sizeOf(credentials, bucket, key);
        if (stored != size) {
            throw new BackendException(what + ": the object holds " + stored + " bytes instead of " + size);
        }
    }

    private void check(Reply reply, String what) {
        if (!reply.ok()) {
            throw S3Errors.of(reply.status(), reply.code(), what);
        }
    }

    /** S3's ETag of a single PUT is the md5 of the object, unless the server encrypts with KMS. */
    private void checkEtag(Reply reply, String md5) {
        String etag = reply.header("ETag").map(e -> e.replace("\"", "")).orElse("");
        if (etag.matches("[0-9a-fA-F]{32}") && !etag.equalsIgnoreCase(md5)) {
            throw new BackendException(what() + ": S3's ETag " + etag + " is not the md5 " + md5 + " of the bytes sent");
        }
    }

    /** The typed error of an answer S3 gave before taking the whole body, else the I/O error. */
    private IOException answerOr(IOException e) {
        try {
            Reply reply = S3Client.read(connection, false);
            if (!reply.ok()) {
                throw S3Errors.of(reply.status(), reply.code(), what());
            }
        } catch (IOException ignored) {
            // no answer to read: the I/O error is all there is
        }
        return e;
    }

    @Override
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        boolean interrupted = Thread.interrupted();
        try {
            if (connection != null) {
                connection.disconnect(); // the body stays short of its length: S3 stores nothing
            }
            if (parts != null) {
                parts.cancel();
            }
            releaseParts();
            if (uploadId != null && !created) {
                driver.abortUpload(credentials, bucket, key, uploadId);
            }
            if (created) {
                driver.deleteQuietly(credentials, bucket, key);
            }
        } finally {
            driver.release(reservation);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Gives the part being filled and the lease back; parts on their way follow as they end. */
    private void releaseParts() {
        if (part != null) {
            lease.release(part);
            part = null;
        }
        if (lease != null) {
            lease.close();
        }
    }

    private String what() {
        return "PUT " + bucket + "/" + key;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    /** For messages: never the credentials. */
    @Override
    public String toString() {
        return "S3Write{" + location + ", written=" + written + "}";
    }
}
