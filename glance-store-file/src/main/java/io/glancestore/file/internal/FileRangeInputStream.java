package io.glancestore.file.internal;

import io.glancestore.spi.LocalFileRange;
import io.glancestore.support.ChannelRangeInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Exactly one range of an image file, read with positional reads so the stream never depends
 * on a shared file position, and handed to the kernel by {@link #transferTo} where the target
 * allows it (see {@link ChannelRangeInputStream}). A file shorter than its range ends the stream
 * early: the layer above reports the short image. {@link #read(long, ByteBuffer)} reads any
 * position of the range beside the stream.
 */
final class FileRangeInputStream extends ChannelRangeInputStream implements LocalFileRange {

    /**
     * Opens a range.
     *
     * @param channel the image file, open for reading; closed with this stream
     * @param offset first byte
     * @param length bytes to deliver
     * @param bufferSize buffer of the copying path of {@link #transferTo}
     */
    FileRangeInputStream(FileChannel channel, long offset, long length, int bufferSize) {
        super(channel, offset, length, bufferSize);
    }

    @Override
    public int read(long from, ByteBuffer target) throws IOException {
        long at = start() + from;
        long end = end();
        if (from < 0 || at >= end) {
            return -1;
        }
        if (target.remaining() <= end - at) {
            return channel().read(target, at); // positional: the stream's own position is untouched
        }
        ByteBuffer window = target.slice(target.position(), (int) (end - at));
        int n = channel().read(window, at);
        if (n > 0) {
            target.position(target.position() + n);
        }
        return n;
    }
}
