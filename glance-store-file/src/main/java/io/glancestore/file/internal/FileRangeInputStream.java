package io.glancestore.file.internal;

import io.glancestore.support.BulkInputStream;
import io.glancestore.support.SlicedFileIo;
import io.glancestore.spi.LocalFileRange;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * Exactly one range of an image file, read with positional reads so the stream never depends
 * on a shared file position. {@link #transferTo} hands the range to the kernel
 * ({@link FileChannel#transferTo}, {@code sendfile}/{@code copy_file_range}) when the target
 * exposes a channel: a {@link FileOutputStream} (files, pipes, sockets opened as files) or an
 * output stream that is itself a {@link WritableByteChannel}. {@link #read(long, ByteBuffer)}
 * reads any position of the range beside the stream.
 */
final class FileRangeInputStream extends BulkInputStream implements LocalFileRange {

    private final FileChannel channel;
    private final long rangeStart;
    private final long end;
    private final int bufferSize;
    private long position;

    /**
     * Opens a range.
     *
     * @param channel the image file, open for reading; closed with this stream
     * @param offset first byte
     * @param length bytes to deliver
     * @param bufferSize buffer of the copying path of {@link #transferTo}
     */
    FileRangeInputStream(FileChannel channel, long offset, long length, int bufferSize) {
        this.channel = channel;
        this.rangeStart = offset;
        this.position = offset;
        this.end = offset + length;
        this.bufferSize = bufferSize;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        // In slices, for the JDK's per-thread direct buffer; -1 when the file is shorter than its
        // range (the layer above reports the short image).
        int n = SlicedFileIo.read(channel, b, off, (int) Math.min(len, end - position), position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, end - position));
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        WritableByteChannel target = channelOf(out);
        long start = position;
        if (target != null) {
            while (position < end) {
                long n = channel.transferTo(position, end - position, target);
                if (n <= 0) {
                    // The file ended early, or the target cannot take more at once: copy the rest.
                    break;
                }
                position += n;
            }
        }
        byte[] buffer = new byte[(int) Math.min(bufferSize, Math.max(1, end - position))];
        int n;
        while ((n = read(buffer, 0, buffer.length)) > 0) {
            out.write(buffer, 0, n);
        }
        return position - start;
    }

    @Override
    public int read(long from, ByteBuffer target) throws IOException {
        long at = rangeStart + from;
        if (from < 0 || at >= end) {
            return -1;
        }
        if (target.remaining() <= end - at) {
            return channel.read(target, at); // positional: the stream's own position is untouched
        }
        ByteBuffer window = target.slice(target.position(), (int) (end - at));
        int n = channel.read(window, at);
        if (n > 0) {
            target.position(target.position() + n);
        }
        return n;
    }

    /** The channel behind an output stream, when one can be reached without reflection. */
    private static WritableByteChannel channelOf(OutputStream out) {
        if (out instanceof FileOutputStream) {
            return ((FileOutputStream) out).getChannel();
        }
        if (out instanceof WritableByteChannel && ((WritableByteChannel) out).isOpen()) {
            return (WritableByteChannel) out;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
