package io.glancestore.copy;

import io.glancestore.AddResult;
import java.util.Optional;

/**
 * A catalog that records where each image's data is - Glance's image records and their
 * locations - told by a {@link StoreMigration} of each step, so that it moves along with the
 * data and never points at nothing. Per image, the migration:
 *
 * <ol>
 *   <li>asks {@link #copyOf} for a copy the catalog has or makes itself, else copies the image;
 *   <li>verifies the copy (hashes on arrival and a full read-back);
 *   <li>{@link #addLocation adds} the copy's location, unless the catalog {@link #listsLocation
 *       lists} it already, and checks that it is listed;
 *   <li>with {@code deleteSources}, checks again that the copy is listed and
 *       {@link #removeLocation removes} the old location; the catalog deletes the data behind it
 *       (Glance does), or the migration does.
 * </ol>
 *
 * <p>A migration killed at any point repeats at most the step it was in, so every method must be
 * idempotent: adding a location that is listed already, or removing one that is gone, succeeds.
 * Implementations throw {@link io.glancestore.exception.GlanceStoreException} subclasses and are
 * thread-safe.
 */
public interface MigrationCatalog {

    /**
     * A copy of the image in the target store that the catalog lists already, or makes itself
     * (Glance's {@code copy-image} import, for stores whose locations the catalog cannot be
     * told). The migration verifies it like its own copies.
     *
     * @param imageId the image
     * @param sourceLocation its location in the source store
     * @param expected the hashes the image is known to have
     * @return the copy, or empty for the migration to copy the image
     */
    default Optional<AddResult> copyOf(String imageId, String sourceLocation, ExpectedHashes expected) {
        return Optional.empty();
    }

    /**
     * Records a verified copy as a location of the image, with its hashes.
     *
     * @param imageId the image
     * @param copy the copy's location and hashes
     * @throws io.glancestore.exception.NotFoundException if the catalog has no such image
     */
    void addLocation(String imageId, AddResult copy);

    /**
     * Whether the catalog lists a location of the image now.
     *
     * @param imageId the image
     * @param location the location
     * @return true if listed
     * @throws io.glancestore.exception.NotFoundException if the catalog has no such image
     */
    boolean listsLocation(String imageId, String location);

    /**
     * Removes a location of the image. Called only while another location that the migration
     * verified is listed.
     *
     * @param imageId the image
     * @param location the location to remove
     * @return true if the catalog deleted the data behind it (or it is gone already); false if
     *     the migration must delete it
     */
    boolean removeLocation(String imageId, String location);
}
