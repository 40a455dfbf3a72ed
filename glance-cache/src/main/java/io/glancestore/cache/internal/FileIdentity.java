package io.glancestore.cache.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a cache file is, as the kernel tells it without following links ({@code lstat}): the
 * device and inode that name the file, its change time, its size and whether it is a regular
 * file. Recorded when the cache publishes a file and compared on every hit: a file copied over,
 * replaced, truncated, re-linked or changed in its metadata has another inode or change time, so
 * it is not the file the cache published.
 *
 * @param device the file system's device number
 * @param inode the inode number
 * @param changeNanos the inode change time ({@code ctime}) in nanoseconds since the epoch
 * @param size bytes
 * @param regularFile whether it is a regular file (not a link, folder, FIFO or device)
 */
record FileIdentity(long device, long inode, long changeNanos, long size, boolean regularFile) {

    private static final String ATTRIBUTES = "unix:dev,ino,ctime,size,mode";
    private static final int TYPE_MASK = 0170000;
    private static final int REGULAR = 0100000;

    /**
     * Reads the identity of a path itself (a link is described, not followed).
     *
     * @param path the path
     * @return the identity
     * @throws IOException if the path does not exist or cannot be read
     */
    static FileIdentity of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        FileTime ctime = (FileTime) a.get("ctime");
        int mode = (Integer) a.get("mode");
        return new FileIdentity((Long) a.get("dev"), (Long) a.get("ino"), ctime.to(TimeUnit.NANOSECONDS),
                (Long) a.get("size"), (mode & TYPE_MASK) == REGULAR);
    }

    /**
     * Whether this is the same file, unchanged, as {@code recorded}.
     *
     * @param recorded the identity recorded at publication
     * @return true if device, inode, change time and size agree and it is a regular file
     */
    boolean sameFileAs(FileIdentity recorded) {
        return regularFile && recorded != null && device == recorded.device && inode == recorded.inode
                && changeNanos == recorded.changeNanos && size == recorded.size;
    }
}
