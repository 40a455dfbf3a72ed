package io.glancestore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The bytes of an image (or of a range of it) being read, as an {@link InputStream} that also
 * tells how many bytes it will deliver. Close it: it may hold a file, a connection or a
 * handle on the backend.
 *
 * <p>{@link #transferTo(OutputStream)} lets the store use its fastest path (for instance
 * {@code sendfile} for the file store) when nothing needs to see the bytes on the way.
 */
public final class ImageData extends InputStream {

    private final InputStream in;
    private final long offset;
    private final long length;
    private final long imageSize;

    private ImageData(InputStream in, long offset, long length, long imageSize) {
        this.in = Objects.requireNonNull(in, "in");
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
        return new ImageData(in, offset, length, imageSize);
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
}
