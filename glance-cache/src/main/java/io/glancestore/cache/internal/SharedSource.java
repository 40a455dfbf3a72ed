package io.glancestore.cache.internal;

import io.glancestore.ImageData;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store's stream of a copy fill, held by two: the first reader, who reads it as its own
 * uncached read, and the copier, who copies the same local file by position. The stream is
 * closed when both have let go, so a reader closing early never pulls the file from under the
 * copier, nor the copier's end from under the reader.
 */
final class SharedSource extends FilterInputStream {

    private final ImageData data;
    private final AtomicInteger holders = new AtomicInteger(2);
    private boolean readerClosed;

    SharedSource(ImageData data) {
        super(data);
        this.data = data;
    }

    /** The store's data, for the copier's positional copies. */
    ImageData data() {
        return data;
    }

    /** One holder lets go; the last one closes the store's stream. */
    void release() throws IOException {
        if (holders.decrementAndGet() == 0) {
            data.close();
        }
    }

    /** Not inherited from the filter: the store's own transfer may copy without a buffer. */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        return data.transferTo(out);
    }

    /** The reader's close: it lets go once, however often it calls this. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (readerClosed) {
                return;
            }
            readerClosed = true;
        }
        release();
    }
}
