package io.glancestore.ceph.internal;

import com.ceph.rados.IoCTX;
import com.ceph.rbd.Rbd;
import com.ceph.rbd.RbdException;
import com.ceph.rbd.RbdImage;
import com.ceph.rbd.jna.RbdSnapInfo;
import com.sun.jna.ptr.LongByReference;
import io.glancestore.ceph.RbdLocation;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.HasSnapshotException;
import io.glancestore.exception.InUseByStoreException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.location.StoreLocation;
import io.glancestore.spi.AbstractStoreDriver;
import io.glancestore.spi.StoreOptions;
import io.glancestore.spi.WriteSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rbd driver. Image {@code <id>} is the RBD image {@code <id>} (format 2, object order
 * log2 of the chunk size, the cluster's default features) in the configured pool, with a
 * protected snapshot {@code snap}; its location is {@code rbd://<fsid>/<pool>/<id>/snap}. Reads
 * go through the location's snapshot, or the image itself for a legacy {@code rbd://<id>}.
 */
public final class RbdStoreDriver extends AbstractStoreDriver {

    /** The Glance store type. */
    public static final String TYPE = "rbd";
    /** The snapshot glance_store creates and protects on every image. */
    public static final String SNAPSHOT = "snap";

    private static final Logger LOG = LoggerFactory.getLogger(RbdStoreDriver.class);

    /** How long a remove keeps retrying an image that is busy only because it was just closed. */
    private static final long BUSY_RETRY_NANOS = 2_000_000_000L;

    private final RbdStoreConfig config;
    private final CephConnection connection;

    private RbdStoreDriver(RbdStoreConfig config) {
        super(TYPE, true, config.writeChunkSize());
        this.config = config;
        this.connection = new CephConnection(config);
    }

    /**
     * Creates a driver; it connects to the cluster on first use, not here, so a store can be
     * configured while its cluster is down.
     *
     * @param options the options, with glance_store's names
     * @return the driver
     * @throws BadStoreConfigurationException if an option is invalid
     */
    public static RbdStoreDriver open(StoreOptions options) {
        return new RbdStoreDriver(RbdStoreConfig.from(options));
    }

    /**
     * Connects to the cluster and opens the pool of new images.
     *
     * @return the cluster's fsid and the pool
     * @throws BadStoreConfigurationException if the pool does not exist
     * @throws GlanceStoreException if the cluster cannot be reached or refuses the credentials
     */
    @Override
    public String checkConnection() {
        String fsid = connection.get().fsid();
        try {
            connection.pool(config.pool());
        } catch (NotFoundException e) {
            throw new BadStoreConfigurationException("rbd_store_pool '" + config.pool() + "' does not exist in cluster "
                    + fsid, e);
        }
        return "cluster " + fsid + ", pool " + config.pool();
    }

    /**
     * The configuration in use.
     *
     * @return the configuration
     */
    public RbdStoreConfig config() {
        return config;
    }

    /**
     * The cluster's fsid, connecting if needed.
     *
     * @return the fsid
     * @throws GlanceStoreException if the cluster cannot be reached
     */
    public String fsid() {
        return connection.get().fsid();
    }

    @Override
    public StoreLocation parseLocation(String uri) {
        return RbdLocation.parse(uri);
    }

    @Override
    public WriteSession openWrite(String imageId, long sizeHint) throws IOException {
        CephConnection.Connected cluster = connection.get();
        String pool = config.pool();
        IoCTX io;
        try {
            io = connection.pool(pool);
        } catch (NotFoundException e) {
            throw new BadStoreConfigurationException("rbd_store_pool '" + pool + "' does not exist", e);
        }
        Rbd rbd = new Rbd(io);
        long initialSize = Math.max(0, sizeHint);
        try {
            // Atomic: of several writers of one id, exactly one creates it; the others get EEXIST.
            rbd.create(imageId, initialSize, cluster.features(), config.order());
        } catch (RbdException e) {
            throw translate(e, CephErrors.forWrite(e.getReturnValue(),
                    "creating image " + imageId + " in pool " + pool));
        }
        RbdImage image;
        try {
            image = handles().open(rbd, imageId);
        } catch (RbdException e) {
            discard(rbd, handles(), pool, imageId);
            throw translate(e, CephErrors.forOperation(e.getReturnValue(), "opening new image " + imageId));
        }
        return new RbdWrite(rbd, handles(), image, pool, cluster.fsid(), initialSize, sizeHint >= 0, config);
    }

    @Override
    public long size(StoreLocation location) throws IOException {
        RbdLocation loc = (RbdLocation) location;
        Rbd rbd = new Rbd(pool(loc));
        RbdImage image = openForRead(rbd, loc);
        try {
            return sizeOf(image, loc);
        } finally {
            handles().close(rbd, image);
        }
    }

    @Override
    public InputStream openRead(StoreLocation location, long offset, long length) throws IOException {
        RbdLocation loc = (RbdLocation) location;
        Rbd rbd = new Rbd(pool(loc));
        RbdImage image = openForRead(rbd, loc);
        return new RbdImageStream(rbd, handles(), image, "image " + loc, offset, length, config.readChunkSize());
    }

    /**
     * Deletes as glance_store does - unprotect and remove the snapshot, then remove the image -
     * but checks first what would make it stop halfway: a location whose snapshot is missing is
     * NotFound (an add still in progress, or not this location's image), other snapshots are
     * HasSnapshot and clones of the snapshot are InUseByStore, all before anything changes.
     */
    @Override
    public void delete(StoreLocation location) throws IOException {
        RbdLocation loc = (RbdLocation) location;
        Rbd rbd = new Rbd(pool(loc));
        String name = loc.image();
        String snapshot = loc.snapshot().orElse(null);
        if (snapshot != null) {
            RbdImage image;
            try {
                image = handles().open(rbd, name);
            } catch (RbdException e) {
                throw translate(e, CephErrors.forOperation(e.getReturnValue(), "opening image " + loc + " to delete it"));
            }
            try {
                removeSnapshot(image, loc, snapshot);
            } finally {
                handles().close(rbd, image);
            }
        }
        try {
            removeWhenClosed(rbd, name);
        } catch (RbdException e) {
            if (e.getReturnValue() == CephErrors.EBUSY && snapshot != null) {
                // Opened elsewhere (a writer or a mapped device): keep the location valid.
                restoreSnapshot(rbd, name, snapshot);
            }
            throw translate(e, CephErrors.forOperation(e.getReturnValue(), "removing image " + loc));
        }
        LOG.debug("deleted image {}", loc);
    }

    private void removeSnapshot(RbdImage image, RbdLocation loc, String snapshot) {
        try {
            List<String> names = new ArrayList<>();
            for (RbdSnapInfo info : image.snapList()) {
                names.add(info.name);
            }
            if (!names.contains(snapshot)) {
                throw new NotFoundException("image " + loc + ": snapshot " + snapshot + " does not exist");
            }
            if (names.size() > 1) {
                names.remove(snapshot);
                throw new HasSnapshotException("image " + loc + " has other snapshots: " + names);
            }
            List<String> children = image.listChildren(snapshot);
            if (!children.isEmpty()) {
                throw new InUseByStoreException("image " + loc + " has clones: " + children);
            }
            if (image.snapIsProtected(snapshot)) {
                try {
                    image.snapUnprotect(snapshot);
                } catch (RbdException e) {
                    // EINVAL: unprotected meanwhile, which is what we want.
                    if (e.getReturnValue() != CephErrors.EINVAL) {
                        throw e;
                    }
                }
            }
            image.snapRemove(snapshot);
        } catch (RbdException e) {
            throw translate(e, CephErrors.forOperation(e.getReturnValue(), "removing snapshot of image " + loc));
        }
    }

    private void restoreSnapshot(Rbd rbd, String name, String snapshot) {
        try {
            RbdImage image = handles().open(rbd, name);
            try {
                image.snapCreate(snapshot);
                image.snapProtect(snapshot);
            } finally {
                handles().close(rbd, image);
            }
        } catch (RbdException e) {
            LOG.warn("image {}: could not restore snapshot {} after a refused delete: {}", name, snapshot,
                    e.getMessage());
        }
    }

    /**
     * Removes what a failed write left: its snapshot, if commit got that far, and the image.
     * Never throws; failures are logged, since the add already fails with its own error.
     *
     * @param rbd the pool's RBD handle
     * @param handles opens and closes the image
     * @param pool the pool, for messages
     * @param name the image
     */
    static void discard(Rbd rbd, ImageHandles handles, String pool, String name) {
        try {
            RbdImage image = handles.open(rbd, name);
            try {
                for (RbdSnapInfo info : image.snapList()) {
                    if (SNAPSHOT.equals(info.name)) {
                        if (image.snapIsProtected(SNAPSHOT)) {
                            image.snapUnprotect(SNAPSHOT);
                        }
                        image.snapRemove(SNAPSHOT);
                    }
                }
            } finally {
                handles.close(rbd, image);
            }
            removeWhenClosed(rbd, name);
        } catch (RbdException e) {
            if (e.getReturnValue() != CephErrors.ENOENT) {
                LOG.warn("could not remove partial image {} in pool {}: {}", name, pool, e.getMessage());
            }
        }
    }

    /** Removes an image; an image closed a moment ago may still be busy for a short while. */
    private static void removeWhenClosed(Rbd rbd, String name) throws RbdException {
        long deadline = System.nanoTime() + BUSY_RETRY_NANOS;
        while (true) {
            try {
                rbd.remove(name);
                return;
            } catch (RbdException e) {
                if (e.getReturnValue() != CephErrors.EBUSY || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RbdException("interrupted while removing image " + name, CephErrors.EBUSY);
            }
        }
    }

    private IoCTX pool(RbdLocation loc) {
        // As in glance_store: the location's pool, the fsid is not checked.
        return connection.pool(loc.pool().orElse(config.pool()));
    }

    /**
     * Opens an image read-only at the location's snapshot. librbd 16.2 corrupts memory, now and
     * then, when an image with the object-map feature is opened at a snapshot and closed again
     * (a crash or hang of the whole process after some thousand opens); opening the head and then
     * selecting the snapshot does not. A missing snapshot is NotFound, as a missing image is.
     */
    private RbdImage openForRead(Rbd rbd, RbdLocation loc) {
        RbdImage image;
        try {
            image = handles().openReadOnly(rbd, loc.image());
        } catch (RbdException e) {
            throw translate(e, CephErrors.forOperation(e.getReturnValue(), "opening image " + loc));
        }
        String snapshot = loc.snapshot().orElse(null);
        if (snapshot != null) {
            int r = NativeCeph.Rbd.LIB.rbd_snap_set(image.getPointer(), snapshot);
            if (r < 0) {
                try {
                    handles().close(rbd, image);
                } catch (RbdException e) {
                    LOG.warn("closing image {} failed: {}", loc, e.getMessage());
                }
                throw CephErrors.forOperation(r, "opening snapshot " + snapshot + " of image " + loc);
            }
        }
        return image;
    }

    private ImageHandles handles() {
        return connection.images();
    }

    private static long sizeOf(RbdImage image, RbdLocation loc) {
        LongByReference size = new LongByReference();
        int r = NativeCeph.Rbd.LIB.rbd_get_size(image.getPointer(), size);
        if (r < 0) {
            throw CephErrors.forOperation(r, "reading the size of image " + loc);
        }
        return size.getValue();
    }

    private static GlanceStoreException translate(Exception cause, GlanceStoreException failure) {
        failure.initCause(cause);
        return failure;
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "RbdStoreDriver{pool=" + config.pool() + "}";
    }
}
