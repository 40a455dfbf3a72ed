package io.glancestore.vmware.internal;

/**
 * What the driver asks of the vSphere API session; {@link VsphereSession} is the real one.
 */
public interface VsphereApi extends AutoCloseable {

    /**
     * The current session cookie.
     *
     * @return the cookie
     */
    VsphereSession.Cookie cookie();

    /**
     * Replaces the session the cookie came from with a new login, unless done already.
     *
     * @param stale the cookie that was refused
     */
    void renew(VsphereSession.Cookie stale);

    /**
     * The free space of a datastore now.
     *
     * @param spec the datastore
     * @return bytes free
     * @throws io.glancestore.exception.NotFoundException if it does not exist
     */
    long freeSpace(DatastoreSpec spec);

    /**
     * Deletes a datastore file.
     *
     * @param datacenterPath the datacenter
     * @param datastorePath {@code [<datastore>] <path>}
     * @throws io.glancestore.exception.NotFoundException if there is no such file
     */
    void deleteFile(String datacenterPath, String datastorePath);

    /**
     * Renames a datastore file, refusing to replace one.
     *
     * @param datacenterPath the datacenter
     * @param from {@code [<datastore>] <path>}
     * @param to {@code [<datastore>] <path>}
     * @throws io.glancestore.exception.DuplicateException if {@code to} exists
     */
    void moveFile(String datacenterPath, String from, String to);

    /** Logs out. */
    @Override
    void close();
}
