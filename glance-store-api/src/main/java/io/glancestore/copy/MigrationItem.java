package io.glancestore.copy;

import java.util.Objects;

/**
 * One image to migrate: its location in the source store and the hashes it is known to have.
 *
 * @param location the location URI in the source store
 * @param expected the known hashes, or {@link ExpectedHashes#none()}
 */
public record MigrationItem(String location, ExpectedHashes expected) {

    /** Checks the values. */
    public MigrationItem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(expected, "expected");
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
