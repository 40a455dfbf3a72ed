package io.glancestore.glance;

import io.glancestore.location.Locations;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One location of a Glance image, as the API lists it (with {@code show_multiple_locations}).
 *
 * @param url the location URI (may carry credentials: {@link #toString()} masks it)
 * @param metadata its metadata; {@code store} names the Glance store in multi-store Glance
 */
public record GlanceLocation(String url, Map<String, String> metadata) {

    /** Checks and freezes the values. */
    public GlanceLocation {
        Objects.requireNonNull(url, "url");
        metadata = Map.copyOf(metadata);
    }

    /**
     * The Glance store the location is in, from its metadata.
     *
     * @return the store id
     */
    public Optional<String> store() {
        return Optional.ofNullable(metadata.get("store"));
    }

    @Override
    public String toString() {
        return "GlanceLocation{" + Locations.mask(url) + ", " + metadata + "}";
    }
}
