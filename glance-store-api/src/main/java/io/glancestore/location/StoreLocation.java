package io.glancestore.location;

/**
 * A parsed location URI of one store scheme. Implementations are immutable value types that
 * format back to exactly the URI they were parsed from (glance_store's format), and whose
 * {@link #toString()} masks credentials so a location can be logged safely.
 */
public interface StoreLocation {

    /**
     * The URI scheme, for instance {@code file}, {@code rbd}, {@code swift+https} or
     * {@code vsphere}.
     *
     * @return the scheme, lower case
     */
    String scheme();

    /**
     * The id of the image this location holds: the file name, the RBD image name, the Swift
     * object name or the vSphere file name, which glance_store always makes the image id.
     *
     * @return the image id
     */
    String imageId();

    /**
     * The full URI, credentials included, in glance_store's format. Store this, never log it.
     *
     * @return the location URI
     */
    String uri();

    /**
     * The URI with any credentials replaced by {@code ***}; safe to log or show.
     *
     * @return the masked URI
     */
    String maskedUri();

    /**
     * Same as {@link #maskedUri()}: a location never prints its credentials.
     *
     * @return the masked URI
     */
    @Override
    String toString();
}
