package io.glancestore.glance;

import io.glancestore.ImageData;
import io.glancestore.location.Locations;
import java.io.IOException;
import java.util.Optional;

/**
 * An image being read by a {@link GlanceImageReader}: its record, its bytes (verified against
 * the record's hashes when they end) and where they come from. Close it.
 */
public final class GlanceImageRead implements AutoCloseable {

    private final GlanceImage image;
    private final ImageData data;
    private final String storeId;
    private final String location;

    GlanceImageRead(GlanceImage image, ImageData data, String storeId, String location) {
        this.image = image;
        this.data = data;
        this.storeId = storeId;
        this.location = location;
    }

    /**
     * The image record the read was planned from.
     *
     * @return the record
     */
    public GlanceImage image() {
        return image;
    }

    /**
     * The bytes; reading past the last one checks them against Glance's hashes and throws
     * {@link io.glancestore.exception.ChecksumMismatchException} if they differ.
     *
     * @return the bytes
     */
    public ImageData data() {
        return data;
    }

    /**
     * The SDK store that serves the bytes, or empty when they come through Glance's API.
     *
     * @return the store id
     */
    public Optional<String> storeId() {
        return Optional.ofNullable(storeId);
    }

    /**
     * The location read (may carry credentials: never log it), or empty through Glance's API.
     *
     * @return the location
     */
    public Optional<String> location() {
        return Optional.ofNullable(location);
    }

    /**
     * Whether the bytes come through Glance's API (the fallback) rather than from a store.
     *
     * @return true through Glance
     */
    public boolean viaGlance() {
        return storeId == null;
    }

    @Override
    public void close() throws IOException {
        data.close();
    }

    @Override
    public String toString() {
        return "GlanceImageRead{" + image.id() + ", " + (viaGlance() ? "through glance"
                : "store " + storeId + " at " + Locations.mask(location)) + "}";
    }
}
