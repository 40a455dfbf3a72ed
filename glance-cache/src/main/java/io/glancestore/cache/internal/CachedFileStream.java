package io.glancestore.cache.internal;

import io.glancestore.exception.BackendException;
import io.glancestore.support.BulkInputStream;
import io.glancestore.support.SlicedFileIo;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * A range of a cached file, read with positional reads on the reader's own channel. Hands
 * {@link #transferTo} to the kernel ({@code sendfile}/{@code copy_file_range}) when the target
 * is a file, so a cache hit can be as fast as the file store. A file shorter than the index
 * says is reported, never served as a short image. Closing it unpins the cached copy.
 */
final class CachedFileStream extends BulkInputStream {

    private static final int TRANSFER_BUFFER = 256 * 1024;

    private final FileChannel channel;
    private final long end;
    private final String description;
    private final Runnable onShort;
    private final Runnable onClose;
    private long position;
    private boolean closed;

    CachedFileStream(FileChannel channel, long offset, long length, String description, Runnable onShort,
            Runnable onClose) {
        this.channel = channel;
        this.position = offset;
        this.end = offset + length;
        this.description = description;
        this.onShort = onShort;
        this.onClose = onClose;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (position >= end) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = SlicedFileIo.read(channel, b, off, (int) Math.min(len, end - position), position);
        if (n < 0) {
            throw shortFile();
        }
        position += n;
        return n;
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        long total = 0;
        WritableByteChannel target = out instanceof FileOutputStream ? ((FileOutputStream) out).getChannel()
                : out instanceof WritableByteChannel && ((WritableByteChannel) out).isOpen()
                ? (WritableByteChannel) out : null;
        if (target != null) {
            while (position < end) {
                long n = channel.transferTo(position, end - position, target);
                if (n <= 0) {
                    if (channel.size() < end) {
                        throw shortFile();
                    }
                    break; // the target takes no more; finish with plain copies
                }
                position += n;
                total += n;
            }
        }
        if (position < end) {
            total += transferInReadsOf(out, Math.min(TRANSFER_BUFFER, end - position));
        }
        return total;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } finally {
            onClose.run();
        }
    }

    private BackendException shortFile() {
        onShort.run();
        return new BackendException(description + ": the cached copy ends before byte " + end
                + "; it was quarantined");
    }
}
