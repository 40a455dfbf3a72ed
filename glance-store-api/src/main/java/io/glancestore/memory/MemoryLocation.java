package io.glancestore.memory;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.location.AbstractStoreLocation;
import io.glancestore.location.Locations;
import io.glancestore.support.ImageIds;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Location of an image in an in-memory store: {@code memory://<store id>/<image id>}.
 */
public final class MemoryLocation extends AbstractStoreLocation {

    /** The scheme of in-memory locations. */
    public static final String SCHEME = "memory";

    /** A backend id as a registry accepts it; nothing else can have made the location. */
    private static final Pattern STORE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    private final String storeId;
    private final String imageId;

    private MemoryLocation(String storeId, String imageId) {
        this.storeId = storeId;
        this.imageId = imageId;
    }

    /**
     * The location of an image.
     *
     * @param storeId the store id
     * @param imageId the image id
     * @return the location
     */
    public static MemoryLocation of(String storeId, String imageId) {
        return new MemoryLocation(Objects.requireNonNull(storeId), ImageIds.validate(imageId));
    }

    /**
     * Parses a location URI.
     *
     * @param uri the URI
     * @return the location
     * @throws BadStoreUriException if malformed
     */
    public static MemoryLocation parse(String uri) {
        String prefix = SCHEME + "://";
        if (uri == null || !uri.startsWith(prefix)) {
            throw new BadStoreUriException("not a memory:// location: " + Locations.mask(uri));
        }
        String rest = uri.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || !STORE_ID.matcher(rest.substring(0, slash)).matches()) {
            throw new BadStoreUriException("memory location must be memory://<store>/<image>: "
                    + Locations.mask(uri));
        }
        try {
            return of(rest.substring(0, slash), rest.substring(slash + 1));
        } catch (RuntimeException e) {
            throw new BadStoreUriException("invalid memory location " + Locations.mask(uri) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The store id part.
     *
     * @return the store id
     */
    public String storeId() {
        return storeId;
    }

    @Override
    public String imageId() {
        return imageId;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public String uri() {
        return SCHEME + "://" + storeId + "/" + imageId;
    }
}
