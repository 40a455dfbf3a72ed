package io.glancestore.ceph.internal;

import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.ForbiddenException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.HasSnapshotException;
import io.glancestore.exception.InUseByStoreException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.exception.StorageFullException;
import io.glancestore.exception.StorageWriteDeniedException;
import java.util.Map;

/**
 * Names librados and librbd failures (negative errno values) the way glance_store names the
 * Python bindings' exceptions: {@code ImageNotFound} is NotFound, {@code ImageExists} Duplicate,
 * {@code NoSpace} StorageFull, {@code ImageBusy} InUseByStore, {@code ImageHasSnapshots}
 * HasSnapshot. Errors glance_store does not name become a {@link BackendException} with the errno
 * in the message.
 */
public final class CephErrors {

    /** Operation not permitted. */
    public static final int EPERM = -1;
    /** No such image, snapshot, pool or object. */
    public static final int ENOENT = -2;
    /** I/O error. */
    public static final int EIO = -5;
    /** Permission denied by the cluster's capabilities. */
    public static final int EACCES = -13;
    /** Busy: an image still open elsewhere, or a protected snapshot with clones. */
    public static final int EBUSY = -16;
    /** The image exists already. */
    public static final int EEXIST = -17;
    /** Invalid argument; also what unprotecting an unprotected snapshot returns. */
    public static final int EINVAL = -22;
    /** No space left. */
    public static final int ENOSPC = -28;
    /** Read-only. */
    public static final int EROFS = -30;
    /** The image has snapshots left. */
    public static final int ENOTEMPTY = -39;
    /** Timed out, e.g. no monitor answered within the connect timeout. */
    public static final int ETIMEDOUT = -110;
    /** Pool quota exceeded. */
    public static final int EDQUOT = -122;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(-4, "EINTR"),
            Map.entry(EIO, "EIO"), Map.entry(-12, "ENOMEM"), Map.entry(EACCES, "EACCES"),
            Map.entry(EBUSY, "EBUSY"), Map.entry(EEXIST, "EEXIST"), Map.entry(EINVAL, "EINVAL"),
            Map.entry(-27, "EFBIG"), Map.entry(ENOSPC, "ENOSPC"), Map.entry(EROFS, "EROFS"),
            Map.entry(-34, "ERANGE"), Map.entry(-36, "ENAMETOOLONG"), Map.entry(-38, "ENOSYS"),
            Map.entry(ENOTEMPTY, "ENOTEMPTY"), Map.entry(-95, "EOPNOTSUPP"), Map.entry(-103, "ECONNABORTED"),
            Map.entry(-104, "ECONNRESET"), Map.entry(-107, "ENOTCONN"), Map.entry(-108, "ESHUTDOWN"),
            Map.entry(ETIMEDOUT, "ETIMEDOUT"), Map.entry(-111, "ECONNREFUSED"), Map.entry(-112, "EHOSTDOWN"),
            Map.entry(-113, "EHOSTUNREACH"), Map.entry(EDQUOT, "EDQUOT"));

    private CephErrors() {
    }

    /**
     * The SDK error for a failed image operation.
     *
     * @param errno the negative errno librbd or librados returned
     * @param action what was being done, e.g. {@code creating image <id> in pool images}
     * @return the exception to throw
     */
    public static GlanceStoreException forOperation(int errno, String action) {
        String message = action + " failed: " + describe(errno);
        switch (errno) {
            case ENOENT:
                return new NotFoundException(message);
            case EEXIST:
                return new DuplicateException(message);
            case ENOSPC:
            case EDQUOT:
            case -27:
                return new StorageFullException(message);
            case EBUSY:
                return new InUseByStoreException(message);
            case ENOTEMPTY:
                return new HasSnapshotException(message);
            case EPERM:
            case EACCES:
                return new ForbiddenException(message);
            case EROFS:
                return new StorageWriteDeniedException(message);
            case ETIMEDOUT:
            case -107:
            case -108:
            case -111:
            case -112:
            case -113:
                return new RemoteServiceUnavailableException(message);
            default:
                return new BackendException(message);
        }
    }

    /**
     * The SDK error for a failed write of image data: a refusal is a denied write rather than a
     * forbidden operation, as glance_store's file store names it.
     *
     * @param errno the negative errno
     * @param action what was being done
     * @return the exception to throw
     */
    public static GlanceStoreException forWrite(int errno, String action) {
        if (errno == EPERM || errno == EACCES) {
            return new StorageWriteDeniedException(action + " failed: " + describe(errno));
        }
        return forOperation(errno, action);
    }

    /**
     * The SDK error for a failed connection to the cluster. Authentication refused is an
     * authorization failure; a missing keyring or an unusable setting is the store's
     * configuration; anything else (no monitor answered in time, refused connections) is the
     * cluster being unavailable, which may pass: the next operation connects again.
     *
     * @param errno the negative errno of {@code rados_connect} or of the configuration calls
     * @param action what was being done
     * @return the exception to throw
     */
    public static GlanceStoreException forConnect(int errno, String action) {
        String message = action + " failed: " + describe(errno);
        switch (errno) {
            case EPERM:
            case EACCES:
                return new AuthorizationFailureException(message);
            case ENOENT:
            case EINVAL:
                return new BadStoreConfigurationException(message);
            default:
                return new RemoteServiceUnavailableException(message);
        }
    }

    /**
     * An errno as {@code -2 (ENOENT)}.
     *
     * @param errno the negative errno
     * @return its number and, when known, its name
     */
    public static String describe(int errno) {
        String name = NAMES.get(errno);
        return name == null ? "error " + errno : "error " + errno + " (" + name + ")";
    }
}
