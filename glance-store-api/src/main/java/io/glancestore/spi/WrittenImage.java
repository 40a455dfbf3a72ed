package io.glancestore.spi;

import io.glancestore.location.StoreLocation;
import java.util.Map;
import java.util.Objects;

/**
 * What a driver reports after publishing an image.
 *
 * @param location where the image now is
 * @param metadata the driver's location metadata (may be empty)
 */
public record WrittenImage(StoreLocation location, Map<String, String> metadata) {

    /** Validates and freezes the values. */
    public WrittenImage {
        Objects.requireNonNull(location, "location");
        metadata = Map.copyOf(metadata);
    }

    /**
     * A published image without metadata.
     *
     * @param location where the image now is
     * @return the written image
     */
    public static WrittenImage at(StoreLocation location) {
        return new WrittenImage(location, Map.of());
    }
}
