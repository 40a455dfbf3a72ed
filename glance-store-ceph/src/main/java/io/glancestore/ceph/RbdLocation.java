package io.glancestore.ceph;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.location.AbstractStoreLocation;
import io.glancestore.location.LocationSyntax;
import io.glancestore.location.PercentCodec;
import java.util.Objects;
import java.util.Optional;

/**
 * Location of an image in a Ceph RBD store: {@code rbd://<fsid>/<pool>/<image>/<snapshot>}, each
 * part quoted as Python's {@code urllib.parse.quote(part, '')} does (only letters, digits and
 * {@code _ . - ~} stay as they are), or the legacy {@code rbd://<image>} that names an image in
 * the store's default pool. As in glance_store, the legacy image name is taken literally, not
 * percent-decoded.
 */
public final class RbdLocation extends AbstractStoreLocation {

    /** The scheme of RBD locations. */
    public static final String SCHEME = "rbd";

    private static final String PREFIX = "rbd://";

    private final String fsid;
    private final String pool;
    private final String image;
    private final String snapshot;
    private final String uri;

    private RbdLocation(String fsid, String pool, String image, String snapshot, String uri) {
        this.fsid = fsid;
        this.pool = pool;
        this.image = image;
        this.snapshot = snapshot;
        this.uri = uri;
    }

    /**
     * Parses an {@code rbd://} location.
     *
     * @param uri the URI
     * @return the location
     * @throws BadStoreUriException if the URI does not have exactly 1 or 4 non-empty parts, has a
     *     malformed escape, or holds control characters
     */
    public static RbdLocation parse(String uri) {
        if (uri == null || !uri.startsWith(PREFIX)) {
            throw LocationSyntax.invalid(SCHEME, uri, "must start with rbd://");
        }
        String[] raw = uri.substring(PREFIX.length()).split("/", -1);
        if (raw.length != 1 && raw.length != 4) {
            throw LocationSyntax.invalid(SCHEME, uri, "must have exactly 1 or 4 parts, has " + raw.length);
        }
        String[] parts = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            if (raw[i].isEmpty()) {
                throw LocationSyntax.invalid(SCHEME, uri, "empty part");
            }
            try {
                parts[i] = raw.length == 1 ? raw[i] : PercentCodec.unquote(raw[i], false);
            } catch (IllegalArgumentException e) {
                throw LocationSyntax.invalid(SCHEME, uri, e.getMessage());
            }
            String bad = LocationSyntax.badCharacter(parts[i]);
            if (bad != null) {
                throw LocationSyntax.invalid(SCHEME, uri, bad + " of part " + (i + 1) + ", decoded");
            }
        }
        return raw.length == 1 ? legacy(parts[0]) : of(parts[0], parts[1], parts[2], parts[3]);
    }

    /**
     * The location of an image snapshot in a given cluster and pool.
     *
     * @param fsid the cluster fsid
     * @param pool the pool
     * @param image the image name
     * @param snapshot the snapshot name (glance_store uses {@code snap})
     * @return the location
     * @throws BadStoreUriException if a part is empty or holds control characters
     */
    public static RbdLocation of(String fsid, String pool, String image, String snapshot) {
        String[] parts = {
            Objects.requireNonNull(fsid, "fsid"), Objects.requireNonNull(pool, "pool"),
            Objects.requireNonNull(image, "image"), Objects.requireNonNull(snapshot, "snapshot")};
        StringBuilder uri = new StringBuilder(PREFIX);
        for (int i = 0; i < parts.length; i++) {
            checkPart(parts[i]);
            uri.append(i == 0 ? "" : "/").append(PercentCodec.quote(parts[i], ""));
        }
        return new RbdLocation(fsid, pool, image, snapshot, uri.toString());
    }

    /**
     * A legacy location that names only an image, in the store's default pool.
     *
     * @param image the image name, written literally, so it must not contain {@code /}
     * @return the location
     * @throws BadStoreUriException if the name is empty or holds {@code /} or control characters
     */
    public static RbdLocation legacy(String image) {
        Objects.requireNonNull(image, "image");
        checkPart(image);
        if (image.indexOf('/') >= 0) {
            throw new BadStoreUriException("invalid rbd location: a legacy image name must not contain '/'");
        }
        return new RbdLocation(null, null, image, null, PREFIX + image);
    }

    private static void checkPart(String part) {
        if (part.isEmpty()) {
            throw new BadStoreUriException("invalid rbd location: empty part");
        }
        String bad = LocationSyntax.badCharacter(part);
        if (bad != null) {
            throw new BadStoreUriException("invalid rbd location: " + bad);
        }
    }

    /**
     * The Ceph cluster fsid.
     *
     * @return the fsid, empty for a legacy location
     */
    public Optional<String> fsid() {
        return Optional.ofNullable(fsid);
    }

    /**
     * The pool.
     *
     * @return the pool, empty for a legacy location (the store's default pool applies)
     */
    public Optional<String> pool() {
        return Optional.ofNullable(pool);
    }

    /**
     * The image name, decoded.
     *
     * @return the image name
     */
    public String image() {
        return image;
    }

    /**
     * The snapshot name.
     *
     * @return the snapshot, empty for a legacy location
     */
    public Optional<String> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    /**
     * Whether this is the legacy {@code rbd://<image>} form.
     *
     * @return {@code true} if only the image is known
     */
    public boolean isLegacy() {
        return fsid == null;
    }

    @Override
    public String imageId() {
        return image();
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public String uri() {
        return uri;
    }
}
