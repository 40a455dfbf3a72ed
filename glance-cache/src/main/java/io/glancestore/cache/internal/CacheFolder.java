package io.glancestore.cache.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Glance's cache folder layout: complete images at {@code <dir>/<id>}, fills in progress at
 * {@code incomplete/<id>}, quarantined files at {@code invalid/<id>}, prefetch requests at
 * {@code queue/<id>}; plus this cache's own ledger and owner files in {@code .index/}, out of the
 * way of tools that list image files. Any number of processes use one folder at once; what
 * keeps them consistent is the {@link Ledger}.
 */
public final class CacheFolder {

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
    /** Owner files of the caches open on the folder, in the index folder. */
    static final String OWNERS = "owners";

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
    private final AtomicLong trashSequence = new AtomicLong();

    /** A file and what the cache needs to know about it. */
    public record FileInfo(String name, long size, long lastAccessMillis, long lastModifiedMillis) {
    }

    private CacheFolder(Path root) {
        this.root = root;
        this.incomplete = root.resolve(INCOMPLETE);
        this.invalid = root.resolve(INVALID);
        this.queue = root.resolve(QUEUE);
        this.index = root.resolve(INDEX);
    }

    /**
     * Creates the layout if needed.
     *
     * @param root the cache folder
     * @return the folder
     * @throws IOException if the folder or its sub-folders cannot be created
     */
    public static CacheFolder open(Path root) throws IOException {
        Path abs = root.toAbsolutePath().normalize();
        for (String sub : new String[] {INCOMPLETE, INVALID, QUEUE, INDEX, INDEX + "/" + OWNERS}) {
            Files.createDirectories(abs.resolve(sub));
        }
        return new CacheFolder(abs);
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

    /** @return the folder of the live caches' owner files */
    public Path ownersDir() {
        return index.resolve(OWNERS);
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
     * Renames a file to a unique name in {@code incomplete/} that names its owner, so its real
     * name is free at once (a new fill may publish there) while the slow unlink happens later,
     * outside any lock. What a dead owner left under such names is reclaimed by the others.
     *
     * @param file the file
     * @param owner the owner token of the cache renaming it
     * @return the new name in {@code incomplete/}, or {@code null} if the file does not exist
     * @throws IOException if it cannot be renamed
     */
    String trash(Path file, String owner) throws IOException {
        String name = TRASH_PREFIX + owner + "-" + trashSequence.incrementAndGet();
        try {
            Files.move(file, incomplete.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            return name;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The owner token in a name given by {@link #trash}, or {@code null}.
     *
     * @param name a file name in {@code incomplete/}
     * @return the token
     */
    static String trashOwner(String name) {
        if (!name.startsWith(TRASH_PREFIX)) {
            return null;
        }
        int dash = name.lastIndexOf('-');
        return dash <= TRASH_PREFIX.length() ? null : name.substring(TRASH_PREFIX.length(), dash);
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
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
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
     * The size of a path itself (a link's own size, not its target's).
     *
     * @param file the path
     * @return bytes, or -1 if it is gone
     */
    static long sizeNoFollow(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
        } catch (IOException e) {
            return -1;
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

    @Override
    public String toString() {
        return root.toString();
    }
}
