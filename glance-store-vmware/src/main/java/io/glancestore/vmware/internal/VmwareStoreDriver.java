package io.glancestore.vmware.internal;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.StorageFullException;
import io.glancestore.location.StoreLocation;
import io.glancestore.spi.AbstractStoreDriver;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreOptions;
import io.glancestore.spi.WriteSession;
import io.glancestore.vmware.VsphereLocation;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vmware driver. Image {@code <id>} is the file {@code <image dir>/<id>} in one of the
 * configured datastores; its location is
 * {@code vsphere://<host>/folder/<image dir>/<id>?dsName=<ds>&dcPath=<dc>}, as glance_store
 * writes it. An add uploads to a hidden temporary file next to it and renames it into place
 * with the FileManager, refusing to replace an existing image: so a reader never sees a partial
 * image, and of concurrent adds of one id exactly one wins.
 */
public final class VmwareStoreDriver extends AbstractStoreDriver {

    /** The Glance store type. */
    public static final String TYPE = "vmware";

    private static final Logger LOG = LoggerFactory.getLogger(VmwareStoreDriver.class);

    private final VmwareStoreConfig config;
    private final VsphereApi session;
    private final FolderClient folder;
    /** Datastores by weight, highest first. */
    private final List<List<DatastoreSpec>> tiers;
    private final String origin;

    VmwareStoreDriver(VmwareStoreConfig config, VsphereApi session, TlsSettings tls) {
        this(config, session, tls, "https://" + VsphereLocation.of(config.host(), null, "x", "dc", "ds").host());
    }

    /** With the data path at another origin: for tests. */
    VmwareStoreDriver(VmwareStoreConfig config, VsphereApi session, TlsSettings tls, String origin) {
        super(TYPE, !config.datastores().isEmpty(), StoreDriver.DEFAULT_WRITE_CHUNK_SIZE);
        this.config = config;
        this.session = session;
        this.origin = origin;
        this.folder = new FolderClient(config, tls, session, origin);
        Map<Long, List<DatastoreSpec>> byWeight = new TreeMap<>(Collections.reverseOrder());
        for (DatastoreSpec spec : config.datastores()) {
            byWeight.computeIfAbsent(spec.weight(), w -> new ArrayList<>()).add(spec);
        }
        this.tiers = List.copyOf(byWeight.values());
    }

    /**
     * Creates a driver: logs in and checks that every configured datastore exists.
     *
     * @param options the options, with glance_store's names
     * @return the driver
     * @throws BadStoreConfigurationException if an option is invalid, a datastore does not exist,
     *     or the JVM lacks {@value VsphereSession#ADD_OPENS}
     * @throws io.glancestore.exception.AuthorizationFailureException if the login is refused
     * @throws io.glancestore.exception.RemoteServiceUnavailableException if the server cannot be
     *     reached
     */
    public static VmwareStoreDriver open(StoreOptions options) {
        VmwareStoreConfig config = VmwareStoreConfig.from(options);
        if (config.datastores().isEmpty()) {
            LOG.warn("vmware store '{}': no vmware_datastores configured: the store is read-only", options.storeId());
        }
        TlsSettings tls = TlsSettings.of(config.caFile(), config.insecure());
        if (tls.insecure()) {
            LOG.warn("vmware store '{}': vmware_insecure is set: the server's certificate is not checked",
                    options.storeId());
        }
        VsphereSession session = new VsphereSession(config, tls);
        try {
            for (DatastoreSpec spec : config.datastores()) {
                try {
                    session.checkDatastore(spec);
                } catch (NotFoundException e) {
                    throw new BadStoreConfigurationException("vmware_datastores: " + e.getMessage(), e);
                }
            }
            return new VmwareStoreDriver(config, session, tls);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * Checks options as {@link #open} does before it logs in: the values, and the CA bundle.
     *
     * @param options the options
     * @throws BadStoreConfigurationException naming the option at fault
     */
    public static void validate(StoreOptions options) {
        VmwareStoreConfig config = VmwareStoreConfig.from(options);
        TlsSettings.of(config.caFile(), config.insecure());
    }

    /**
     * Checks again, over the session {@link #open} logged in with, that every configured
     * datastore exists, and reads its free space.
     *
     * @return the server and the datastores with their free space
     * @throws BadStoreConfigurationException if a datastore no longer exists
     */
    @Override
    public String checkConnection() {
        StringBuilder checked = new StringBuilder("vSphere at " + config.host());
        for (DatastoreSpec spec : config.datastores()) {
            long free;
            try {
                free = session.freeSpace(spec);
            } catch (NotFoundException e) {
                throw new BadStoreConfigurationException("vmware_datastores: " + e.getMessage(), e);
            }
            checked.append(", datastore ").append(spec.datacenterPath()).append(':').append(spec.datastoreName())
                    .append(" (").append(free >> 20).append(" MiB free)");
        }
        return config.datastores().isEmpty() ? checked + ", no datastores: read-only" : checked.toString();
    }

    /**
     * The configuration in use.
     *
     * @return the configuration
     */
    public VmwareStoreConfig config() {
        return config;
    }

    @Override
    public StoreLocation parseLocation(String uri) {
        return VsphereLocation.parse(uri);
    }

    /**
     * Chooses the datastore for an image as glance_store does: the highest weight first; within
     * a weight, the datastore with the most free space, if the image fits there.
     *
     * @param size the image size, or -1 when unknown
     * @return the datastore
     * @throws StorageFullException if the image fits nowhere
     */
    DatastoreSpec select(long size) {
        long needed = Math.max(1, size);
        for (List<DatastoreSpec> tier : tiers) {
            DatastoreSpec best = null;
            long bestFree = -1;
            for (DatastoreSpec spec : tier) {
                long free = session.freeSpace(spec);
                if (free > bestFree) {
                    best = spec;
                    bestFree = free;
                }
            }
            if (best != null && bestFree >= needed) {
                return best;
            }
        }
        throw new StorageFullException("no configured datastore has room for " + (size < 0 ? "an image" : size + " bytes"));
    }

    @Override
    public WriteSession openWrite(String imageId, long sizeHint) {
        DatastoreSpec ds = select(sizeHint);
        VsphereLocation location = VsphereLocation.of(config.host(), config.imageDir(), imageId,
                ds.datacenterPath(), ds.datastoreName());
        // Fails early, before a byte is sent; the rename at the end is what makes it atomic.
        if (folder.exists(target(location))) {
            throw new DuplicateException("image " + imageId + " exists already at " + location);
        }
        // Ids never start with a dot: no temporary name can be taken for an image.
        String temporary = "." + imageId + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".partial";
        VsphereLocation staging = VsphereLocation.of(config.host(), config.imageDir(), temporary,
                ds.datacenterPath(), ds.datastoreName());
        FolderClient.Upload upload = folder.put(target(staging), sizeHint);
        return new VmwareWrite(this, upload, staging, location);
    }

    @Override
    public long size(StoreLocation location) {
        return folder.size(target((VsphereLocation) location));
    }

    @Override
    public InputStream openRead(StoreLocation location, long offset, long length) {
        if (length == 0) {
            // Still fails for a missing image.
            size(location);
            return InputStream.nullInputStream();
        }
        return folder.get(target((VsphereLocation) location), offset, length);
    }

    @Override
    public void delete(StoreLocation location) {
        VsphereLocation loc = (VsphereLocation) location;
        session.deleteFile(loc.datacenterPath(), datastorePath(loc));
        LOG.debug("deleted {}", loc);
    }

    /** Renames a finished upload into place; refuses to replace an image. */
    void publish(VsphereLocation staging, VsphereLocation location) {
        session.moveFile(location.datacenterPath(), datastorePath(staging), datastorePath(location));
    }

    /** Removes a temporary upload, if it is there. */
    void discard(VsphereLocation staging) {
        try {
            session.deleteFile(staging.datacenterPath(), datastorePath(staging));
        } catch (NotFoundException e) {
            // Never created, or gone already.
        } catch (RuntimeException e) {
            LOG.warn("could not remove the partial upload {}: {}", staging, e.getMessage());
        }
    }

    /**
     * The request target of a location on the configured server. The session cookie goes only
     * to that server, whatever host a location names.
     */
    private static String target(VsphereLocation location) {
        String url = location.httpsUrl();
        return url.substring(("https://" + location.host()).length());
    }

    /** {@code [<datastore>] <path>}, as the FileManager names files. */
    static String datastorePath(VsphereLocation location) {
        return "[" + location.datastoreName() + "] " + decode(location.path().substring(1));
    }

    private static String decode(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        return java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return "VmwareStoreDriver{" + config + "}";
    }
}
