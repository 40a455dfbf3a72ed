package io.glancestore.ceph.internal;

import com.ceph.rados.IoCTX;
import com.ceph.rados.Rados;
import com.ceph.rados.exceptions.RadosException;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.NotFoundException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one connection to its cluster, opened on first use and kept: glance_store
 * connects for every call, which costs a monitor round trip and authentication each time. A
 * failed connect is not remembered, so the next call tries again once the cluster is back.
 * I/O contexts are kept per pool. Thread-safe.
 */
final class CephConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CephConnection.class);

    private final RbdStoreConfig config;
    private final Map<String, IoCTX> pools = new ConcurrentHashMap<>();
    private final ImageHandles images = new ImageHandles();
    private volatile Connected connected;
    private boolean closed;

    CephConnection(RbdStoreConfig config) {
        this.config = config;
    }

    /** A connected cluster handle with what the store needs to know about the cluster. */
    record Connected(Rados rados, String fsid, long features) {
    }

    /**
     * The connected cluster, connecting first if needed.
     *
     * @return the connection
     * @throws GlanceStoreException if the cluster cannot be reached or refuses the credentials
     */
    Connected get() {
        Connected c = connected;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("store closed");
            }
            if (connected == null) {
                connected = connect();
            }
            return connected;
        }
    }

    /**
     * The images opened through this connection.
     *
     * @return the handles
     */
    ImageHandles images() {
        return images;
    }

    /**
     * The I/O context of a pool.
     *
     * @param pool the pool
     * @return its context
     * @throws NotFoundException if the pool does not exist
     */
    IoCTX pool(String pool) {
        IoCTX io = pools.get(pool);
        if (io != null) {
            return io;
        }
        Connected c = get();
        synchronized (this) {
            io = pools.get(pool);
            if (io == null) {
                try {
                    io = c.rados().ioCtxCreate(pool);
                } catch (RadosException e) {
                    if (e.getReturnValue() == CephErrors.ENOENT) {
                        throw new NotFoundException("pool '" + pool + "' does not exist", e);
                    }
                    GlanceStoreException failure = CephErrors.forOperation(e.getReturnValue(),
                            "opening pool '" + pool + "'");
                    failure.initCause(e);
                    throw failure;
                }
                // librados holds writes to a full pool until it has room again, so an add
                // would hang with the caller; librbd passes this on to its own I/O.
                NativeCeph.Rados.LIB.rados_set_pool_full_try(io.getPointer());
                pools.put(pool, io);
            }
            return io;
        }
    }

    private Connected connect() {
        String action = "connecting to the Ceph cluster" + config.monHost().map(h -> " at " + h).orElse("")
                + " as " + config.user().map(u -> "client." + u).orElse("the default user");
        long started = System.nanoTime();
        ClusterHandle rados = new ClusterHandle(config.user().orElse(null));
        try {
            if (config.cephConf().isPresent()) {
                rados.confReadFile(config.cephConf().get().toFile());
            } else if (config.monHost().isEmpty()) {
                int r = rados.readDefaultConfig();
                if (r < 0) {
                    throw new BadStoreConfigurationException("no Ceph configuration found in librados' default places "
                            + "(" + CephErrors.describe(r) + "): set rbd_store_ceph_conf or rbd_store_mon_host");
                }
            }
            if (config.monHost().isPresent()) {
                rados.confSet("mon_host", config.monHost().get());
            }
            if (config.keyring().isPresent()) {
                rados.confSet("keyring", config.keyring().get().toString());
            }
            if (config.connectTimeoutSeconds() > 0) {
                // The only bound librados has on finding and authenticating with a monitor.
                rados.confSet("client_mount_timeout", Integer.toString(config.connectTimeoutSeconds()));
            }
            rados.connect();
            String fsid = rados.clusterFsid();
            long features = RbdFeatures.parse(config.defaultFeatures().isPresent() ? config.defaultFeatures().get()
                    : rados.confGet("rbd_default_features"));
            LOG.debug("{}: connected to cluster {} in {} ms", action, fsid, (System.nanoTime() - started) / 1_000_000);
            return new Connected(rados, fsid, features);
        } catch (RadosException e) {
            rados.shutDown();
            int errno = e.getReturnValue() != 0 ? e.getReturnValue() : CephErrors.EIO;
            GlanceStoreException failure = CephErrors.forConnect(errno, action + " (after "
                    + (System.nanoTime() - started) / 1_000_000 + " ms)");
            failure.initCause(e);
            throw failure;
        } catch (RuntimeException | Error e) {
            rados.shutDown();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Connected c = connected;
        connected = null;
        if (c != null && images.openCount() > 0) {
            // librados frees what open images still use: leaking the handle beats a crash.
            LOG.warn("store closed with {} image(s) still open (unclosed streams?): the cluster connection "
                    + "is left open", images.openCount());
            return;
        }
        if (c != null) {
            for (IoCTX io : pools.values()) {
                c.rados().ioCtxDestroy(io);
            }
            pools.clear();
            c.rados().shutDown();
        }
    }

    /** rados-java's cluster handle, plus the calls it lacks. */
    private static final class ClusterHandle extends Rados {

        ClusterHandle(String id) {
            super(id);
        }

        int readDefaultConfig() {
            return NativeCeph.Rados.LIB.rados_conf_read_file(clusterPtr, null);
        }
    }
}
