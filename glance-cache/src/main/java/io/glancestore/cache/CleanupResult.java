package io.glancestore.cache;

/**
 * What a maintenance run removed from the cache folder ({@code prune()}, {@code clean()}), as
 * Glance's pruner reports it.
 *
 * @param files how many files were removed
 * @param bytes how many bytes they held
 */
public record CleanupResult(int files, long bytes) {

    /** Nothing removed. */
    public static final CleanupResult NONE = new CleanupResult(0, 0);

    /**
     * Validates the values.
     *
     * @param files how many files were removed
     * @param bytes how many bytes they held
     */
    public CleanupResult {
        if (files < 0 || bytes < 0) {
            throw new IllegalArgumentException("files and bytes must not be negative");
        }
    }
}
