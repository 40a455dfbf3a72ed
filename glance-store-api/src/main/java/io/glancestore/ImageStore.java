package io.glancestore;

import io.glancestore.location.StoreLocation;
import java.io.InputStream;
import java.util.Set;

/**
 * A place that stores VM images, with glance_store's semantics: images are added under an id
 * and then addressed by the location URI the add returned. Every implementation streams: no
 * call holds a whole image in memory.
 *
 * <p>Stores built by this SDK hash, count and check everything in one layer above the driver,
 * so every backend behaves the same: ids and locations are validated, the md5 and multihash are
 * computed on separate cores while the data is written, a declared size is enforced, and an add
 * that fails for any reason leaves nothing stored. Implementations are thread-safe.
 *
 * <p>All methods throw subclasses of {@link io.glancestore.exception.GlanceStoreException}.
 */
public interface ImageStore extends AutoCloseable {

    /** Declared size meaning "the end of the data is not known"; {@code 0} means the same, as in Glance. */
    long UNKNOWN_SIZE = -1;

    /**
     * The backend id of this store ({@code fast} in {@code enabled_backends = fast:file}).
     *
     * @return the id
     */
    String id();

    /**
     * The Glance store type: {@code file}, {@code rbd}, {@code swift}, {@code vmware}, ...
     *
     * @return the type name
     */
    String type();

    /**
     * What this store can do.
     *
     * @return the capabilities
     */
    Set<Capability> capabilities();

    /**
     * Whether this store has a capability.
     *
     * @param capability the capability
     * @return true if it has it
     */
    default boolean hasCapability(Capability capability) {
        return capabilities().contains(capability);
    }

    /**
     * Adds an image with the store's default options.
     *
     * @param imageId the image id
     * @param data the image bytes, read to the end (not closed)
     * @param size the exact size, or {@code 0} / {@link #UNKNOWN_SIZE} when not known
     * @return where and what was stored
     * @see #add(String, InputStream, long, AddOptions)
     */
    default AddResult add(String imageId, InputStream data, long size) {
        return add(imageId, data, size, AddOptions.defaults());
    }

    /**
     * Adds an image. The md5 and the multihash are computed as the bytes are written. When a size
     * is declared and the data ends early or runs past it, the add fails with
     * {@link io.glancestore.exception.SizeMismatchException}. Whatever makes an add fail (size,
     * verifier, backend error, the caller's stream throwing, interruption), nothing is left
     * stored.
     *
     * @param imageId the image id (Glance uses UUIDs; letters, digits and {@code -._~} are accepted)
     * @param data the image bytes, read to the end (not closed)
     * @param size the exact size, or {@code 0} / {@link #UNKNOWN_SIZE} when not known
     * @param options hashing algorithm, progress listener, verifier
     * @return where and what was stored
     * @throws io.glancestore.exception.DuplicateException if the id exists already
     * @throws io.glancestore.exception.StorageFullException if the backend is out of space
     * @throws io.glancestore.exception.UnknownHashingAlgoException if the algorithm is unknown
     */
    AddResult add(String imageId, InputStream data, long size, AddOptions options);

    /**
     * Reads a whole image.
     *
     * @param location the location URI
     * @return the image bytes; close them
     */
    default ImageData get(String location) {
        return get(location, 0, -1, ReadOptions.defaults());
    }

    /**
     * Reads part of an image.
     *
     * @param location the location URI
     * @param offset first byte to read; equal to the size gives an empty read, past it fails
     * @param length bytes to read, or {@code -1} for all up to the end; a range running past the
     *     end is cut at the end, as HTTP ranges are
     * @return the bytes; close them
     */
    default ImageData get(String location, long offset, long length) {
        return get(location, offset, length, ReadOptions.defaults());
    }

    /**
     * Reads part of an image with options.
     *
     * @param location the location URI
     * @param offset first byte to read
     * @param length bytes to read, or {@code -1} for all up to the end
     * @param options progress listener and expected hashes
     * @return the bytes; close them
     * @throws io.glancestore.exception.NotFoundException if no image is there
     * @throws io.glancestore.exception.InvalidRangeException if the offset or length is negative
     *     or the offset lies past the end
     * @throws io.glancestore.exception.StoreRandomGetNotSupportedException if a range is asked of
     *     a store without {@link Capability#READ_RANDOM}
     */
    ImageData get(String location, long offset, long length, ReadOptions options);

    /**
     * The size of an image.
     *
     * @param location the location URI
     * @return the size in bytes
     * @throws io.glancestore.exception.NotFoundException if no image is there
     */
    long size(String location);

    /**
     * Deletes an image.
     *
     * @param location the location URI
     * @throws io.glancestore.exception.NotFoundException if no image is there
     * @throws io.glancestore.exception.InUseByStoreException if the backend still uses it
     */
    void delete(String location);

    /**
     * Whether a location URI points into this store (right scheme, and for instance inside one of
     * its folders or pools). Never throws for a malformed URI: it answers false.
     *
     * @param location the location URI
     * @return true if this store can serve it
     */
    boolean handles(String location);

    /**
     * Parses a location URI of this store into its typed form ({@code FileLocation},
     * {@code RbdLocation}, ...), which also tells the image id it holds.
     *
     * @param location the location URI
     * @return the parsed location; its {@code toString()} is masked
     * @throws io.glancestore.exception.BadStoreUriException if malformed or not of this store
     */
    StoreLocation location(String location);

    /** Releases the store's resources (connections, threads); idempotent. */
    @Override
    void close();
}
