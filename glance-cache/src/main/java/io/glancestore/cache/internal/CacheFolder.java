package io.glancestore.cache.internal;

import io.glancestore.exception.BadStoreConfigurationException;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Glance's cache folder layout: complete images at {@code <dir>/<id>}, fills in progress at
 * {@code incomplete/<id>}, quarantined files at {@code invalid/<id>}, prefetch requests at
 * {@code queue/<id>}; plus this cache's own index in {@code .index/}, out of the way of tools
 * that list image files. One process owns the folder at a time, enforced with a lock on
 * {@code .index/lock}, which the kernel releases when the process dies however it dies.
 */
public final class CacheFolder implements AutoCloseable {

    /** Fills in progress. */
    public static final String INCOMPLETE = "incomplete";
    /** Quarantined files. */
    public static final String INVALID = "invalid";
    /** Prefetch requests. */
    public static final String QUEUE = "queue";
    /** This cache's index. */
    public static final String INDEX = ".index";
    /** Prefix of files renamed out of the way before they are unlinked; never an image id. */
    static final String TRASH_PREFIX = ".trash-";

    private static final Set<String> RESERVED = Set.of(INCOMPLETE, INVALID, QUEUE);
    // Glance's SQLite driver keeps its database in the cache folder itself.
    private static final Set<String> GLANCE_DB_FILES = Set.of("cache.db", "cache.db-journal", "cache.db-wal",
            "cache.db-shm");
    private static final int MAX_ID_LENGTH = 200;

    private final Path root;
    private final Path incomplete;
    private final Path invalid;
    private final Path queue;
    private final Path index;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicLong trashSequence = new AtomicLong();

    /** A file and what the cache needs to know about it. */
    public record FileInfo(String name, long size, long lastAccessMillis, long lastModifiedMillis) {
    }

    private CacheFolder(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.incomplete = root.resolve(INCOMPLETE);
        this.invalid = root.resolve(INVALID);
        this.queue = root.resolve(QUEUE);
        this.index = root.resolve(INDEX);
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates the layout if needed and takes the folder's lock.
     *
     * @param root the cache folder
     * @return the folder
     * @throws BadStoreConfigurationException if the folder cannot be created or another cache
     *     (in this process or another) has it open
     */
    public static CacheFolder open(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        FileChannel ch = null;
        try {
            for (String sub : new String[] {INCOMPLETE, INVALID, QUEUE, INDEX}) {
                Files.createDirectories(abs.resolve(sub));
            }
            ch = FileChannel.open(abs.resolve(INDEX).resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new BadStoreConfigurationException("image cache folder " + abs
                        + " is in use by another image cache; each folder serves one process");
            }
            return new CacheFolder(abs, ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new BadStoreConfigurationException("image cache folder " + abs + " cannot be used: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /**
     * Whether an image id can name a file of the cache: the characters Glance ids use, not a
     * name of the layout, not hidden.
     *
     * @param id the image id
     * @return true if the cache can hold it
     */
    public static boolean isCacheableId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH || id.charAt(0) == '.'
                || RESERVED.contains(id) || GLANCE_DB_FILES.contains(id)) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** @return the cache folder */
    public Path root() {
        return root;
    }

    /** @return the index folder */
    public Path indexDir() {
        return index;
    }

    /** @return the queue folder */
    public Path queueDir() {
        return queue;
    }

    /** @return the incomplete folder */
    public Path incompleteDir() {
        return incomplete;
    }

    /** @return the invalid folder */
    public Path invalidDir() {
        return invalid;
    }

    /**
     * Path of a complete image.
     *
     * @param id the image id
     * @return the path
     */
    public Path image(String id) {
        return root.resolve(id);
    }

    /**
     * Path of a fill in progress.
     *
     * @param id the image id
     * @return the path
     */
    public Path incomplete(String id) {
        return incomplete.resolve(id);
    }

    /**
     * Path of a quarantined file.
     *
     * @param id the image id
     * @return the path
     */
    public Path invalid(String id) {
        return invalid.resolve(id);
    }

    /**
     * Path of a prefetch request.
     *
     * @param id the image id
     * @return the path
     */
    public Path queued(String id) {
        return queue.resolve(id);
    }

    /**
     * Renames a file to a unique name in {@code incomplete/}, so its real name is free at once
     * (a new fill may publish there) while the slow unlink happens later, outside the cache's
     * lock. Leftovers from a crash are removed on the next open.
     *
     * @param file the file
     * @return the new name, or {@code null} if the file does not exist
     * @throws IOException if it cannot be renamed
     */
    Path trash(Path file) throws IOException {
        Path target = incomplete.resolve(TRASH_PREFIX + trashSequence.incrementAndGet());
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Names of the complete images in the folder, without touching each file: one directory
     * read, so opening a cache of 100,000 images stays fast.
     *
     * @return the names that can be image ids
     */
    public List<String> imageNames() {
        String[] names = root.toFile().list();
        List<String> ids = new ArrayList<>(names == null ? 0 : names.length);
        if (names != null) {
            for (String n : names) {
                if (isCacheableId(n)) {
                    ids.add(n);
                }
            }
        }
        return ids;
    }

    /**
     * Size and times of a file.
     *
     * @param file the file
     * @return the information, or {@code null} if it is gone or not a regular file
     */
    public static FileInfo info(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return null;
            }
            return new FileInfo(file.getFileName().toString(), a.size(), a.lastAccessTime().toMillis(),
                    a.lastModifiedTime().toMillis());
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The regular files of a sub-folder with their sizes and times.
     *
     * @param dir the sub-folder
     * @return the files
     */
    public static List<FileInfo> files(Path dir) {
        String[] names = dir.toFile().list();
        List<FileInfo> out = new ArrayList<>();
        if (names != null) {
            for (String n : names) {
                FileInfo i = info(dir.resolve(n));
                if (i != null) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    /**
     * Removes every file in {@code incomplete/}: run on open, when no fill of this process can
     * exist, these are leftovers of a process that died mid-fill.
     *
     * @return how many files were removed
     */
    public int clearIncomplete() {
        int removed = 0;
        String[] names = incomplete.toFile().list();
        if (names != null) {
            for (String n : names) {
                if (new File(incomplete.toFile(), n).delete()) {
                    removed++;
                }
            }
        }
        return removed;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel releases it anyway.
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing to do
            }
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
