package io.glancestore.spi;

import io.glancestore.Capability;
import io.glancestore.location.StoreLocation;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * What a backend implements. Users never call a driver: the API layer wraps it into an
 * {@link io.glancestore.ImageStore} that validates ids and locations, checks capabilities and
 * ranges, hashes, counts, enforces declared sizes, reports progress and translates errors.
 * A driver only moves bytes and publishes or removes them.
 *
 * <p>Drivers throw {@link io.glancestore.exception.GlanceStoreException} subclasses for the
 * failures they can name ({@code NotFoundException}, {@code StorageFullException}, ...); any
 * other exception is reported as a {@code BackendException}. Messages must not contain
 * credentials. Drivers must be thread-safe.
 */
public interface StoreDriver extends AutoCloseable {

    /** Bytes per write of a driver that does not ask for another size: 1 MiB. */
    int DEFAULT_WRITE_CHUNK_SIZE = 1 << 20;

    /**
     * The Glance store type name, e.g. {@code file}.
     *
     * @return the type name
     */
    String type();

    /**
     * What this driver supports as configured. A driver whose write configuration is unusable
     * may leave out {@link Capability#WRITE_ACCESS} and serve reads only, as glance_store does.
     *
     * @return the capabilities
     */
    Set<Capability> capabilities();

    /**
     * The most bytes the API layer should hand to one {@link WriteSession#write}. The API layer
     * moves data in pooled chunks of 256 KiB, so it hands over chunks of this size or 256 KiB,
     * whichever is smaller (the last one may be shorter); a driver that needs larger writes
     * gathers them.
     *
     * @return bytes per write, at least 4096
     */
    default int writeChunkSize() {
        return DEFAULT_WRITE_CHUNK_SIZE;
    }

    /**
     * Parses a location URI, refusing one that is malformed or does not belong to this store.
     *
     * @param uri the location URI
     * @return the parsed location
     * @throws io.glancestore.exception.BadStoreUriException if malformed or foreign
     */
    StoreLocation parseLocation(String uri);

    /**
     * Whether the URI belongs to this store; false for malformed URIs.
     *
     * @param uri the location URI
     * @return true if {@link #parseLocation} would accept it
     */
    default boolean handles(String uri) {
        try {
            parseLocation(uri);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Starts writing an image. The id has been validated already.
     *
     * @param imageId the image id
     * @param sizeHint the declared size, or {@code -1} when unknown
     * @return the write in progress
     * @throws IOException if the write cannot start
     */
    WriteSession openWrite(String imageId, long sizeHint) throws IOException;

    /**
     * The size of the image at a location.
     *
     * @param location a location from {@link #parseLocation}
     * @return the size in bytes
     * @throws IOException on I/O failure
     */
    long size(StoreLocation location) throws IOException;

    /**
     * Opens a stream over exactly {@code length} bytes of the image from {@code offset}. The API
     * layer has checked the range against {@link #size}. A stream whose bytes are a range of a
     * local file should also implement {@link LocalFileRange}.
     *
     * @param location a location from {@link #parseLocation}
     * @param offset first byte
     * @param length number of bytes the stream must deliver
     * @return the stream
     * @throws IOException on I/O failure
     */
    InputStream openRead(StoreLocation location, long offset, long length) throws IOException;

    /**
     * Deletes the image at a location.
     *
     * @param location a location from {@link #parseLocation}
     * @throws IOException on I/O failure
     */
    void delete(StoreLocation location) throws IOException;

    /**
     * Contacts the backend for real and checks that it can serve this store as configured: the
     * cluster answers and the pool exists, the credentials are accepted and the container is
     * there, the datastores exist, the folders can be written. Configuration tools call it
     * ({@code glance-store config check --connect}); stores never need it to work.
     *
     * <p>Drivers with nothing to contact still check what they can. The default, for drivers
     * that predate this method, throws {@link UnsupportedOperationException}: a tool then
     * reports the backend as not checked rather than as reachable.
     *
     * @return what was checked, in a few words for people, e.g. {@code cluster <fsid>, pool images}
     * @throws IOException if the backend cannot be reached
     * @throws io.glancestore.exception.GlanceStoreException for what the driver can name
     *     ({@code BadStoreConfigurationException} for a missing pool or datastore,
     *     {@code AuthorizationFailureException}, {@code RemoteServiceUnavailableException}, ...)
     */
    default String checkConnection() throws IOException {
        throw new UnsupportedOperationException("the " + type() + " driver offers no connection check");
    }

    /** Releases the driver's resources; idempotent. */
    @Override
    void close();
}
