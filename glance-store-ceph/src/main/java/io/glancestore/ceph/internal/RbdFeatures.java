package io.glancestore.ceph.internal;

import java.util.Locale;
import java.util.Map;

/**
 * The RBD feature bits a new image gets: the client's {@code rbd_default_features}, which
 * librados reports as a number and the {@code ceph} tool as names, or layering alone when unset
 * or zero (glance_store's fallback). Layering is what lets Nova and Cinder clone the snapshot.
 */
final class RbdFeatures {

    /** RBD_FEATURE_LAYERING. */
    static final long LAYERING = 1;

    private static final Map<String, Long> BITS = Map.ofEntries(
            Map.entry("layering", 1L),
            Map.entry("striping", 2L),
            Map.entry("exclusive-lock", 4L),
            Map.entry("object-map", 8L),
            Map.entry("fast-diff", 16L),
            Map.entry("deep-flatten", 32L),
            Map.entry("journaling", 64L),
            Map.entry("data-pool", 128L),
            Map.entry("operations", 256L),
            Map.entry("migrating", 512L),
            Map.entry("non-primary", 1024L),
            Map.entry("dirty-cache", 2048L));

    private RbdFeatures() {
    }

    /**
     * The features for a new image.
     *
     * @param configured the value of {@code rbd_default_features}, or null when unset
     * @return the feature bits, never 0
     * @throws IllegalArgumentException if the value is neither a number nor known feature names
     */
    static long parse(String configured) {
        if (configured == null || configured.isBlank()) {
            return LAYERING;
        }
        String value = configured.trim();
        long bits;
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                bits = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rbd_default_features out of range: " + value, e);
            }
        } else {
            bits = 0;
            for (String name : value.split("[,\\s]+")) {
                Long bit = BITS.get(name.toLowerCase(Locale.ROOT));
                if (bit == null) {
                    throw new IllegalArgumentException("unknown RBD feature in rbd_default_features: " + name);
                }
                bits |= bit;
            }
        }
        return bits == 0 ? LAYERING : bits;
    }
}
