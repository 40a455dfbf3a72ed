package io.glancestore.spi;

import io.glancestore.ImageData;

/**
 * Implemented by the stream a driver's {@link StoreDriver#openRead} returns when its bytes are a
 * range of a file on this machine, so reading them again at any position is cheap. Layers above
 * (the image cache) then read the range by position beside the stream instead of teeing it; see
 * {@link ImageData#readAt}.
 *
 * <p>Positional reads never move the stream's own read position, and may run on another thread
 * while the stream is being read, until it is closed.
 */
public interface LocalFileRange extends ImageData.PositionalReader {
}
