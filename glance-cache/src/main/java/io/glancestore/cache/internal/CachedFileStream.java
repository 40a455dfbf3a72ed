package io.glancestore.cache.internal;

import io.glancestore.exception.BackendException;
import io.glancestore.support.ChannelRangeInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A range of a cached file, read with positional reads on the reader's own channel. Hands
 * {@link #transferTo} to the kernel ({@code sendfile}/{@code copy_file_range}) when the target
 * is a file, so a cache hit can be as fast as the file store (see
 * {@link ChannelRangeInputStream}). A file shorter than the index says is reported, never served
 * as a short image. Closing it unpins the cached copy.
 */
final class CachedFileStream extends ChannelRangeInputStream {

    private static final int TRANSFER_BUFFER = 256 * 1024;

    private final String description;
    private final Runnable onShort;
    private final Runnable onClose;
    private boolean closed;

    CachedFileStream(FileChannel channel, long offset, long length, String description, Runnable onShort,
            Runnable onClose) {
        super(channel, offset, length, TRANSFER_BUFFER);
        this.description = description;
        this.onShort = onShort;
        this.onClose = onClose;
    }

    /** The file is shorter than the index says: quarantines it and fails the read. */
    @Override
    protected int endedEarly() {
        onShort.run();
        throw new BackendException(description + ": the cached copy ends before byte " + end()
                + "; it was quarantined");
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            super.close();
        } finally {
            onClose.run();
        }
    }
}
