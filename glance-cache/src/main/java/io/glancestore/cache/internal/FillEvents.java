package io.glancestore.cache.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * What a {@link FillReader} tells the coordinator of its fill, and the one thing it asks of it.
 * One object per fill: the reader knows nothing else of the cache.
 */
interface FillEvents {

    /** The clock's time, epoch milliseconds, for progress stamps. */
    long now();

    /** The reader queued pulled bytes: a writer may need starting. */
    void pulled();

    /** The store's stream failed under the reader: the fill cannot go on. */
    void storeFailed(String reason);

    /**
     * The reader read the last byte and its own hash check, if any, passed.
     *
     * @param verified the reader's checked hashes, or {@code null} if it expected none
     */
    void reachedEnd(ExpectedHashes verified);

    /** The reader's hash check failed at the end: the copy must never be served. */
    void mismatch(String reason);

    /** The reader closed its stream, at its end or before. */
    void closed();

    /**
     * Where a reader continues when the fill stopped before giving it everything: a read of its
     * own from the store, from its position.
     */
    InputStream fallback(long position) throws IOException;
}
