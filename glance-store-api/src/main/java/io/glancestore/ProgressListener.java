package io.glancestore;

/**
 * Told how many bytes a transfer has moved so far. Called from the thread that runs the
 * transfer, after each chunk, so it must return quickly.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (transferred, total) -> { };

    /**
     * Reports progress.
     *
     * @param transferred bytes moved so far
     * @param total bytes expected in all, or {@code -1} when not known
     */
    void onProgress(long transferred, long total);
}
