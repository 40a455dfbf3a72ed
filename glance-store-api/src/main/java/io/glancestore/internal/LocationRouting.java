package io.glancestore.internal;

import io.glancestore.ImageStore;
import io.glancestore.exception.BadStoreUriException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.UnknownSchemeException;
import io.glancestore.location.Locations;
import java.util.Optional;

/**
 * Why no store takes a location, told as precisely as the stores can: when stores of the type
 * that owns the location's scheme are configured, the typed reason the highest-weighted of them
 * gives ({@code '..' segments are not allowed}, {@code not in an image folder of this store},
 * ...); only when none is, an {@link UnknownSchemeException}. Shared by
 * {@link io.glancestore.StoreRegistry} and the tools that pick a store for a location.
 */
public final class LocationRouting {

    private LocationRouting() {
    }

    /**
     * The error for a location that none of the stores handles.
     *
     * @param location the location URI
     * @param stores the candidate stores, highest weight first
     * @return the most specific error: a store's own, or {@link UnknownSchemeException}
     */
    public static GlanceStoreException refusal(String location, Iterable<? extends ImageStore> stores) {
        String scheme;
        try {
            scheme = Locations.scheme(location);
        } catch (BadStoreUriException e) {
            return e;
        }
        Optional<String> type = Locations.storeType(scheme);
        for (ImageStore store : stores) {
            if (type.isPresent() && type.get().equals(store.type())) {
                try {
                    store.location(location);
                } catch (GlanceStoreException e) {
                    return e;
                }
            }
        }
        return new UnknownSchemeException("no configured store handles location " + Locations.mask(location)
                + type.map(t -> " (no " + t + " store is configured)").orElse(""));
    }
}
