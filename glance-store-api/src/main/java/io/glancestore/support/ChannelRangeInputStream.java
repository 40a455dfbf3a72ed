package io.glancestore.support;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Exactly one range of a file, read with positional reads in slices ({@link SlicedFileIo}), so
 * the stream never depends on the channel's shared position. {@link #transferTo} hands the range
 * to the kernel ({@link FileChannel#transferTo}: {@code sendfile}/{@code copy_file_range}) when
 * the target exposes a channel: a {@link FileOutputStream} (files, pipes, sockets opened as
 * files) or an output stream that is itself a {@link WritableByteChannel}; what the kernel does
 * not take is copied in reads. A file shorter than the range ends the stream early, or raises
 * what a subclass's {@link #endedEarly()} throws. Closing the stream closes the channel.
 */
public class ChannelRangeInputStream extends RangeInputStream {

    private final FileChannel channel;

    /**
     * Opens a range.
     *
     * @param channel the file, open for reading; closed with this stream
     * @param offset the first byte
     * @param length the bytes to deliver
     * @param transferBuffer the bytes per read of {@link #transferTo} where the kernel does not copy
     */
    public ChannelRangeInputStream(FileChannel channel, long offset, long length, int transferBuffer) {
        super(offset, length, transferBuffer);
        this.channel = channel;
    }

    /**
     * The file.
     *
     * @return the channel this stream reads
     */
    protected final FileChannel channel() {
        return channel;
    }

    @Override
    protected int readAt(long at, byte[] b, int off, int len) throws IOException {
        return SlicedFileIo.read(channel, b, off, len, at);
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        WritableByteChannel target = channelOf(out);
        long first = position();
        if (target != null) {
            while (remaining() > 0) {
                long n = channel.transferTo(position(), remaining(), target);
                if (n <= 0) {
                    // The file ended early, or the target takes no more at once: reads copy the rest.
                    break;
                }
                advance(n);
            }
        }
        long sent = position() - first;
        return sent + super.transferTo(out);
    }

    /** The channel behind an output stream, when one can be reached without reflection. */
    private static WritableByteChannel channelOf(OutputStream out) {
        if (out instanceof FileOutputStream file) {
            return file.getChannel();
        }
        if (out instanceof WritableByteChannel writable && writable.isOpen()) {
            return writable;
        }
        return null;
    }

    /**
     * Closes the channel.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
