package io.glancestore.s3.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one part (or of a whole small image), in chunks of {@link PartBuffers}, taken as
 * they fill: no array of the part size, no copy but the one from the caller's buffer. Sent from
 * the chunks as they are, as many times as the request is retried.
 */
final class Part implements S3Client.Body {

    private final PartBuffers buffers;
    private final long capacity;
    private final int permits;
    private List<byte[]> chunks = new ArrayList<>();
    private long length;

    Part(PartBuffers buffers, long capacity, int permits) {
        this.buffers = buffers;
        this.capacity = capacity;
        this.permits = permits;
    }

    /**
     * Copies what fits.
     *
     * @return the bytes copied
     */
    int write(byte[] data, int offset, int count) {
        int n = (int) Math.min(count, capacity - length);
        int done = 0;
        while (done < n) {
            int at = (int) (length % PartBuffers.CHUNK);
            if (at == 0 && length / PartBuffers.CHUNK == chunks.size()) {
                chunks.add(buffers.checkOut());
            }
            byte[] chunk = chunks.get((int) (length / PartBuffers.CHUNK));
            int m = Math.min(n - done, PartBuffers.CHUNK - at);
            System.arraycopy(data, offset + done, chunk, at, m);
            done += m;
            length += m;
        }
        return n;
    }

    boolean full() {
        return length == capacity;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        long left = length;
        for (byte[] chunk : chunks) {
            if (left == 0) {
                break;
            }
            int n = (int) Math.min(left, chunk.length);
            out.write(chunk, 0, n);
            left -= n;
        }
    }

    /** @return the md5 of the bytes, for Content-MD5 */
    byte[] md5() {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            long left = length;
            for (byte[] chunk : chunks) {
                int n = (int) Math.min(left, chunk.length);
                md5.update(chunk, 0, n);
                left -= n;
            }
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    /** Empties the part for the next one; its chunks stay. */
    void reset() {
        length = 0;
    }

    int permits() {
        return permits;
    }

    /** The chunks, for the budget to take back; the part holds none after. */
    List<byte[]> takeChunks() {
        List<byte[]> all = chunks;
        chunks = new ArrayList<>();
        length = 0;
        return all;
    }
}
