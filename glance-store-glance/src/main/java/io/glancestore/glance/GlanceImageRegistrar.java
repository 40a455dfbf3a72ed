package io.glancestore.glance;

import io.glancestore.AddOptions;
import io.glancestore.AddResult;
import io.glancestore.ImageStore;
import io.glancestore.copy.ExpectedHashes;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.VerificationFailedException;
import io.glancestore.location.Locations;
import java.io.InputStream;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers images that a Java service adds through the SDK: the image record is created in
 * Glance, the data added to a store by the SDK under the record's id, and the location added to
 * the record with the md5 and multihash the SDK computed as its validation data. Glance then
 * serves the image like one uploaded through it. Whatever fails, nothing is left behind: a
 * failed registration deletes the data and the record it created.
 *
 * <p>Glance refuses {@code file://} locations through its API, so images for a file store go
 * through Glance itself: {@link GlanceClient#upload} into the store, or
 * {@link GlanceClient#copyImage} from another store. Thread-safe.
 */
public final class GlanceImageRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(GlanceImageRegistrar.class);

    private final GlanceClient glance;

    private GlanceImageRegistrar(GlanceClient glance) {
        this.glance = Objects.requireNonNull(glance, "glance");
    }

    /**
     * A registrar for a Glance.
     *
     * @param glance the Glance
     * @return the registrar
     */
    public static GlanceImageRegistrar create(GlanceClient glance) {
        return new GlanceImageRegistrar(glance);
    }

    /**
     * Creates an image record, adds the data to a store and registers it.
     *
     * @param spec the record to create (an id of one's own, or Glance's)
     * @param store the store, whose id is Glance's id of that store
     * @param data the image bytes, read to the end (not closed)
     * @param size the exact size, or {@link ImageStore#UNKNOWN_SIZE}
     * @return the active image
     * @throws UnsupportedLocationException for a file store, before anything is created
     */
    public GlanceImage register(NewImage spec, ImageStore store, InputStream data, long size) {
        refuseFileStores(store);
        GlanceImage created = glance.createImage(spec);
        AddResult added;
        try {
            added = store.add(created.id(), data, size, AddOptions.defaults());
        } catch (GlanceStoreException e) {
            deleteRecordQuietly(created.id(), e);
            throw e;
        }
        try {
            return registerLocation(created.id(), store.id(), added);
        } catch (GlanceStoreException e) {
            try {
                store.delete(added.location());
            } catch (GlanceStoreException cleanup) {
                e.addSuppressed(cleanup);
            }
            deleteRecordQuietly(created.id(), e);
            throw e;
        }
    }

    /**
     * Registers data the SDK added already as a location of an existing image.
     *
     * @param imageId the image (queued: it becomes active; active: it must have these hashes)
     * @param glanceStore Glance's id of the store the data is in
     * @param added what the store's add returned
     * @return the image
     * @throws VerificationFailedException if Glance does not then show the SDK's hashes
     */
    public GlanceImage registerLocation(String imageId, String glanceStore, AddResult added) {
        if (Locations.scheme(added.location()).equals("file")) {
            throw fileRefusal(glanceStore);
        }
        GlanceImage image = glance.addLocation(imageId, added.location(), glanceStore, new ExpectedHashes(
                added.checksum(), added.hashAlgorithm(), added.multihash()));
        if (!added.checksum().equalsIgnoreCase(image.checksum())
                || !added.multihash().equalsIgnoreCase(String.valueOf(image.osHashValue()))) {
            throw new VerificationFailedException("glance image " + imageId + " shows checksum " + image.checksum()
                    + " and " + image.osHashAlgo() + " " + image.osHashValue() + " after registering data with md5 "
                    + added.checksum());
        }
        LOG.info("registered image {} at {} in store {}", imageId, Locations.mask(added.location()), glanceStore);
        return image;
    }

    private static void refuseFileStores(ImageStore store) {
        if (store.type().equals("file")) {
            throw fileRefusal(store.id());
        }
    }

    private static UnsupportedLocationException fileRefusal(String store) {
        return new UnsupportedLocationException("store '" + store + "' is a file store: glance refuses file://"
                + " locations through its API. Upload the image through glance into that store (PUT"
                + " /v2/images/<id>/file with X-Image-Meta-Store), or add it to another store and let glance copy"
                + " it there (copy-image import)");
    }

    private void deleteRecordQuietly(String imageId, GlanceStoreException failure) {
        try {
            glance.deleteImage(imageId);
        } catch (GlanceStoreException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "GlanceImageRegistrar{" + glance.endpoint() + "}";
    }
}
