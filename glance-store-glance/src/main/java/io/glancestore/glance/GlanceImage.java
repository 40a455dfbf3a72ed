package io.glancestore.glance;

import io.glancestore.copy.ExpectedHashes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Glance image record: what {@code GET /v2/images/<id>} shows of it.
 *
 * @param id the image id
 * @param name the name, or {@code null}
 * @param status {@code queued}, {@code active}, {@code importing}, ...
 * @param size bytes, or {@code null} while Glance does not know
 * @param checksum md5 as Glance records it, or {@code null}
 * @param osHashAlgo the multihash algorithm, e.g. {@code sha512}, or {@code null}
 * @param osHashValue the multihash, or {@code null}
 * @param stores the Glance stores holding the data (the {@code stores} property)
 * @param locations the locations, in Glance's order (empty unless the caller may see them)
 * @param importingToStores stores a running import is copying to ({@code os_glance_importing_to_stores})
 * @param failedImport stores an import failed to copy to ({@code os_glance_failed_import})
 */
public record GlanceImage(String id, String name, String status, Long size, String checksum, String osHashAlgo,
        String osHashValue, List<String> stores, List<GlanceLocation> locations, List<String> importingToStores,
        List<String> failedImport) {

    /** Checks and freezes the values. */
    public GlanceImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        stores = List.copyOf(stores);
        locations = List.copyOf(locations);
        importingToStores = List.copyOf(importingToStores);
        failedImport = List.copyOf(failedImport);
    }

    /**
     * Whether Glance serves the image's data.
     *
     * @return true if {@code active}
     */
    public boolean active() {
        return "active".equals(status);
    }

    /**
     * The hashes Glance records for the image, to verify its data against.
     *
     * @return the hashes; {@link ExpectedHashes#any()} is false when Glance records none
     */
    public ExpectedHashes hashes() {
        return osHashValue != null && osHashAlgo != null ? new ExpectedHashes(checksum, osHashAlgo, osHashValue)
                : new ExpectedHashes(checksum, null, null);
    }

    /**
     * The locations in a Glance store.
     *
     * @param store the store id
     * @return its locations, in Glance's order
     */
    public List<GlanceLocation> locationsIn(String store) {
        return locations.stream().filter(l -> l.store().filter(store::equals).isPresent()).toList();
    }

    /**
     * The location with a given URL.
     *
     * @param url the URL
     * @return the location, if listed
     */
    public Optional<GlanceLocation> location(String url) {
        return locations.stream().filter(l -> l.url().equals(url)).findFirst();
    }
}
