package io.glancestore.glance;

import io.glancestore.AddResult;
import io.glancestore.copy.ExpectedHashes;
import io.glancestore.copy.MigrationCatalog;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.VerificationFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Glance's image records as the catalog of a {@link io.glancestore.copy.StoreMigration}: a
 * verified copy becomes a location of the image (with its hashes as validation data), and an
 * old location is removed through the API, which deletes the data behind it. With
 * {@code copyImage}, Glance makes the copies itself ({@code copy-image} import) and old copies
 * are deleted with {@code DELETE /v2/stores/<store>/<id>}: the way for file stores, whose
 * locations Glance does not take through its API. Every call reads the record afresh, so a
 * migration resumed after a kill sees what Glance has.
 *
 * @param glance the client
 * @param targetStore the Glance store the copies go to
 * @param copyImage whether Glance makes the copies itself
 * @param importTimeout how long to wait for Glance's copy
 */
record GlanceCatalog(GlanceClient glance, String targetStore, boolean copyImage, Duration importTimeout)
        implements MigrationCatalog {

    @Override
    public Optional<AddResult> copyOf(String imageId, String sourceLocation, ExpectedHashes expected) {
        GlanceImage image = glance.image(imageId);
        List<GlanceLocation> there = image.locationsIn(targetStore);
        if (there.isEmpty() && copyImage) {
            if (!image.importingToStores().contains(targetStore)) {
                glance.copyImage(imageId, List.of(targetStore), true);
            }
            image = glance.awaitStores(imageId, List.of(targetStore), importTimeout);
            there = image.locationsIn(targetStore);
        }
        if (there.isEmpty()) {
            return Optional.empty();
        }
        if (image.checksum() == null || image.osHashValue() == null || image.size() == null) {
            throw new VerificationFailedException("glance image " + imageId + " records no checksum, os_hash_value"
                    + " or size: its copy in store " + targetStore + " cannot be verified");
        }
        return Optional.of(new AddResult(there.get(0).url(), image.size(), image.checksum(), image.osHashValue(),
                image.osHashAlgo(), Map.of("store", targetStore)));
    }

    @Override
    public void addLocation(String imageId, AddResult copy) {
        if (!listsLocation(imageId, copy.location())) {
            glance.addLocation(imageId, copy.location(), targetStore,
                    new ExpectedHashes(copy.checksum(), copy.hashAlgorithm(), copy.multihash()));
        }
    }

    @Override
    public boolean listsLocation(String imageId, String location) {
        return glance.image(imageId).location(location).isPresent();
    }

    @Override
    public boolean removeLocation(String imageId, String location) {
        Optional<GlanceLocation> old = glance.image(imageId).location(location);
        if (old.isEmpty()) {
            return true;
        }
        try {
            if (copyImage && old.get().store().isPresent()) {
                glance.deleteFromStore(old.get().store().get(), imageId);
            } else {
                glance.removeLocation(imageId, location);
            }
        } catch (NotFoundException goneMeanwhile) {
            // removed between the look and the removal: what was asked
        }
        return true;
    }

    @Override
    public String toString() {
        return "GlanceCatalog{" + glance.endpoint() + ", target store " + targetStore
                + (copyImage ? ", copy-image" : "") + "}";
    }
}
