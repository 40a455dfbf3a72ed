package io.glancestore.spi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Implemented by the stream a driver's {@link StoreDriver#openRead} returns when its bytes are a
 * range of a file on this machine, so reading them again at any position is cheap. Layers above
 * (the image cache) then read the range by position beside the stream instead of teeing it; see
 * {@link io.glancestore.ImageData#readAt}.
 *
 * <p>Positional reads never move the stream's own read position, and may run on another thread
 * while the stream is being read, until it is closed.
 */
public interface LocalFileRange {

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
