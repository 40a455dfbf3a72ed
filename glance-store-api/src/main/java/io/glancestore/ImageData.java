package io.glancestore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The bytes of an image (or of a range of it) being read, as an {@link InputStream} that also
 * tells how many bytes it will deliver. Close it: it may hold a file, a connection or a
 * handle on the backend.
 *
 * <p>{@link #transferTo(OutputStream)} lets the store use its fastest path (for instance
 * {@code sendfile} for the file store) when nothing needs to see the bytes on the way. When
 * the bytes are a range of a file on this machine ({@link #isLocalFile()}), {@link #readAt}
 * reads them by position, independently of the stream's own position.
 */
public final class ImageData extends InputStream {

    private final InputStream in;
    private final long offset;
    private final long length;
    private final long imageSize;
    private final PositionalReader file;

    private ImageData(InputStream in, PositionalReader file, long offset, long length, long imageSize) {
        this.in = Objects.requireNonNull(in, "in");
        this.file = file;
        if (offset < 0 || length < 0 || imageSize < 0 || offset + length > imageSize) {
            throw new IllegalArgumentException("inconsistent range: offset=" + offset
                    + " length=" + length + " imageSize=" + imageSize);
        }
        this.offset = offset;
        this.length = length;
        this.imageSize = imageSize;
    }

    /**
     * Wraps a stream that delivers exactly {@code length} bytes of an image starting at
     * {@code offset}. For stores implementing {@link ImageStore} themselves.
     *
     * @param in the bytes
     * @param offset where in the image the bytes start
     * @param length how many bytes {@code in} delivers
     * @param imageSize the size of the whole image
     * @return the image data
     */
    public static ImageData of(InputStream in, long offset, long length, long imageSize) {
        return new ImageData(in, null, offset, length, imageSize);
    }

    /**
     * Wraps a stream whose bytes are also a range of a local file that {@code file} reads by
     * position (usually the same object as {@code in}, or the driver stream that {@code in}
     * decorates, which implements the SPI's {@code LocalFileRange}).
     *
     * @param in the bytes
     * @param file the same bytes, as a range of a local file
     * @param offset where in the image the bytes start
     * @param length how many bytes {@code in} delivers
     * @param imageSize the size of the whole image
     * @return the image data
     */
    public static ImageData ofLocalFile(InputStream in, PositionalReader file, long offset, long length,
            long imageSize) {
        return new ImageData(in, Objects.requireNonNull(file, "file"), offset, length, imageSize);
    }

    /**
     * Number of bytes this stream delivers in all.
     *
     * @return the length of the range read
     */
    public long length() {
        return length;
    }

    /**
     * Where in the image the first byte of this stream lies.
     *
     * @return the offset
     */
    public long offset() {
        return offset;
    }

    /**
     * Size of the whole image, whatever range is read.
     *
     * @return the image size
     */
    public long imageSize() {
        return imageSize;
    }

    /**
     * Whether these bytes are a range of a file on this machine, so {@link #readAt} can read
     * them again at any position cheaply.
     *
     * @return true for the file store's reads
     */
    public boolean isLocalFile() {
        return file != null;
    }

    /**
     * Reads bytes of this range by position, beside the stream: up to {@code target}'s remaining
     * space, from {@code position} bytes into the range, never past its end. It does not move
     * this stream's read position and may run on another thread while the stream is read, until
     * it is closed. Bytes read this way are not counted, reported to a progress listener or
     * checked against expected hashes: those apply to what {@code read} delivers.
     *
     * @param position where in this range to start; 0 is {@link #offset()} in the image
     * @param target the buffer to fill
     * @return the bytes read, 0 only when {@code target} has no room, or -1 when
     *     {@code position} is at or past the end of the range or the backing file ends before it
     * @throws UnsupportedOperationException if {@link #isLocalFile()} is false
     * @throws IllegalArgumentException if {@code position} is negative
     * @throws IOException on I/O failure
     */
    public int readAt(long position, ByteBuffer target) throws IOException {
        if (file == null) {
            throw new UnsupportedOperationException("these image bytes are not a range of a local file");
        }
        if (position < 0) {
            throw new IllegalArgumentException("negative position: " + position);
        }
        if (position >= length) {
            return -1;
        }
        if (!target.hasRemaining()) {
            return 0;
        }
        long left = length - position;
        if (target.remaining() <= left) {
            return file.read(position, target);
        }
        ByteBuffer window = target.slice(target.position(), (int) left);
        int n = file.read(position, window);
        if (n > 0) {
            target.position(target.position() + n);
        }
        return n;
    }

    @Override
    public int read() throws IOException {
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        return in.skip(n);
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        return in.transferTo(out);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    @Override
    public String toString() {
        return "ImageData{offset=" + offset + ", length=" + length + ", imageSize=" + imageSize + "}";
    }

    /**
     * Reads the bytes of a range of a local file by position, beside the stream that delivers
     * the same bytes in order. Positional reads never move that stream's position and may run
     * on another thread while it is read, until it is closed.
     */
    @FunctionalInterface
    public interface PositionalReader {

        /**
         * Reads bytes of the range, starting {@code position} bytes into it, into {@code target}
         * (up to its remaining space, and never past the range's end).
         *
         * @param position where in the range to start; 0 is the range's first byte
         * @param target the buffer to fill
         * @return the bytes read, 0 only when {@code target} has no room, or -1 when
         *     {@code position} is at or past the range's end or the file ends before it
         * @throws IOException on I/O failure
         */
        int read(long position, ByteBuffer target) throws IOException;
    }
}
