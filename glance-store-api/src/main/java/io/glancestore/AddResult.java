package io.glancestore;

import io.glancestore.location.Locations;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link ImageStore#add} stored: the same five values glance_store's {@code add} returns.
 *
 * @param location the location URI to record for the image (may carry credentials: store it,
 *     never log it; {@link #toString()} masks it)
 * @param size bytes written
 * @param checksum md5 of the image, lower-case hex (Glance's {@code checksum})
 * @param multihash digest of the image under {@code hashAlgorithm}, lower-case hex (Glance's
 *     {@code os_hash_value})
 * @param hashAlgorithm the Glance name of the multihash algorithm (Glance's {@code os_hash_algo}),
 *     e.g. {@code sha512}
 * @param metadata location metadata; holds {@code store=<backend id>} in multi-store use
 */
public record AddResult(
        String location,
        long size,
        String checksum,
        String multihash,
        String hashAlgorithm,
        Map<String, String> metadata) {

    /** Validates and freezes the values. */
    public AddResult {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(multihash, "multihash");
        Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
        metadata = Map.copyOf(metadata);
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    @Override
    public String toString() {
        return "AddResult{location=" + Locations.mask(location) + ", size=" + size
                + ", checksum=" + checksum + ", " + hashAlgorithm + "=" + multihash
                + ", metadata=" + metadata + "}";
    }
}
