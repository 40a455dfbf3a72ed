package io.glancestore.copy;

import java.util.Objects;

/**
 * One image to migrate: its location in the source store, the hashes it is known to have and,
 * when its location does not name it (a location registered under another name), its id.
 *
 * @param imageId the image id, or {@code null} to take the one the location names
 * @param location the location URI in the source store
 * @param expected the known hashes, or {@link ExpectedHashes#none()}
 */
public record MigrationItem(String imageId, String location, ExpectedHashes expected) {

    /** Checks the values. */
    public MigrationItem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(expected, "expected");
    }

    /**
     * An image named by its location.
     *
     * @param location the location URI in the source store
     * @param expected the known hashes, or {@link ExpectedHashes#none()}
     */
    public MigrationItem(String location, ExpectedHashes expected) {
        this(null, location, expected);
    }

    /**
     * An image whose hashes are not known.
     *
     * @param location the location URI in the source store
     * @return the item
     */
    public static MigrationItem of(String location) {
        return new MigrationItem(location, ExpectedHashes.none());
    }
}
