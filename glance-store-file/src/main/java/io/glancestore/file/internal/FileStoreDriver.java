package io.glancestore.file.internal;

import io.glancestore.Capability;
import io.glancestore.exception.BadStoreUriException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.ForbiddenException;
import io.glancestore.exception.InvalidImageIdException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.StoreAddDisabledException;
import io.glancestore.file.FileLocation;
import io.glancestore.location.StoreLocation;
import io.glancestore.spi.AbstractStoreDriver;
import io.glancestore.spi.StoreOption;
import io.glancestore.spi.StoreOptions;
import io.glancestore.spi.WriteSession;
import io.glancestore.support.ImageIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file store driver: images are files named by their id in one of the configured folders,
 * laid out exactly as glance_store lays them out, so a Python Glance and this store can share
 * the folders. Writes go through {@link FileWrite}; reads through {@link FileRangeInputStream}.
 *
 * <p>Locations are confined: only {@code file://<folder>/<image id>} with a configured folder
 * (compared after resolving symbolic links) and a valid image id is accepted, and only regular
 * files are served, never a symbolic link or a device planted in a folder.
 */
public final class FileStoreDriver extends AbstractStoreDriver {

    /** The Glance store type. */
    public static final String TYPE = "file";

    private static final Logger LOG = LoggerFactory.getLogger(FileStoreDriver.class);
    /** Bytes the API layer hands to each {@link WriteSession#write}. */
    private static final int WRITE_CHUNK = 1 << 20;
    /** Holes cannot be smaller than a sector; finer zero checks would only cost time. */
    private static final int MIN_ZERO_BLOCK = 512;
    /** The copying path's buffer of a read: larger ones buy nothing and would be humongous in G1. */
    private static final int MAX_READ_BUFFER = 256 * 1024;

    private final FileStoreConfig config;
    private final DatadirChooser chooser;
    private final Set<Path> folders;
    private final Set<Path> realFolders;
    private final byte[] zeroBlock;
    private final Map<Path, FolderSync> folderSyncs = new ConcurrentHashMap<>();

    FileStoreDriver(FileStoreConfig config, FreeSpace freeSpace) {
        this(config, freeSpace, PreparedFolders.of(config));
    }

    private FileStoreDriver(FileStoreConfig config, FreeSpace freeSpace, PreparedFolders prepared) {
        // As glance_store: one folder that cannot be written disables adds for the whole store.
        super(TYPE, prepared.writable(), WRITE_CHUNK);
        this.config = config;
        this.chooser = new DatadirChooser(config.datadirs(), config.multipleDatadirs(), freeSpace);
        this.folders = prepared.paths();
        this.realFolders = prepared.realPaths();
        this.zeroBlock = config.thinProvisioning()
                ? new byte[Math.max(MIN_ZERO_BLOCK, Math.min(config.chunkSize(), WRITE_CHUNK))] : new byte[0];
    }

    /** The image folders, created where missing, and whether every one of them can be written. */
    private record PreparedFolders(Set<Path> paths, Set<Path> realPaths, boolean writable) {

        static PreparedFolders of(FileStoreConfig config) {
            Set<Path> paths = new HashSet<>();
            Set<Path> realPaths = new HashSet<>();
            boolean writable = true;
            for (Datadir datadir : config.datadirs()) {
                Path folder = datadir.path();
                paths.add(folder);
                if (DatadirSetup.prepare(folder, config.filePermissions())) {
                    removeStaleTemporaries(folder, config.tmpStallTime());
                } else {
                    writable = false;
                }
                try {
                    realPaths.add(folder.toRealPath());
                } catch (IOException e) {
                    LOG.debug("image folder {} has no real path yet: {}", folder, e.toString());
                }
            }
            return new PreparedFolders(Set.copyOf(paths), Set.copyOf(realPaths), writable);
        }
    }

    /**
     * Opens a file store: creates missing folders, checks they can be written (else the store
     * is read-only) and removes temporaries abandoned longer than the stall time.
     *
     * @param options the backend's options, with Glance's names
     * @return the driver
     * @throws io.glancestore.exception.BadStoreConfigurationException if the options are invalid
     */
    public static FileStoreDriver open(StoreOptions options) {
        return new FileStoreDriver(FileStoreConfig.from(options), FreeSpace.FILESYSTEM);
    }

    /**
     * The options a file store reads.
     *
     * @return the definitions
     */
    public static List<StoreOption<?>> options() {
        return FileStoreConfig.OPTIONS;
    }

    /**
     * Checks options as {@link #open} does, without creating folders or removing anything.
     *
     * @param options the backend's options
     * @throws io.glancestore.exception.BadStoreConfigurationException naming the option at fault
     */
    public static void validate(StoreOptions options) {
        FileStoreConfig.from(options);
    }

    /**
     * Checks that every folder exists and can be written now, as an add needs.
     *
     * @return the folders and their free space
     * @throws StoreAddDisabledException if a folder cannot be written (the store serves reads only)
     */
    @Override
    public String checkConnection() throws IOException {
        StringBuilder checked = new StringBuilder();
        for (Datadir datadir : config.datadirs()) {
            Path folder = datadir.path();
            if (!Files.isDirectory(folder) || !DatadirSetup.probeWrite(folder)) {
                throw new StoreAddDisabledException("image folder " + folder
                        + " cannot be written: the store serves reads only");
            }
            checked.append(checked.length() == 0 ? "" : ", ").append(folder).append(" (")
                    .append(Files.getFileStore(folder).getUsableSpace() >> 20).append(" MiB free)");
        }
        return "writable " + checked;
    }

    /**
     * The configured image folders.
     *
     * @return the folders, absolute and normalised, in configuration order
     */
    public List<Path> folders() {
        return config.datadirs().stream().map(Datadir::path).toList();
    }

    /**
     * Removes temporaries (of crashed or killed writers) older than a given age from every
     * folder. Writers on other hosts may share the folders: an age shorter than the longest
     * pause of a live writer removes a file still being written, and that add then fails.
     *
     * @param olderThan the age
     * @return how many files were removed
     */
    public int removeStaleTemporaries(Duration olderThan) {
        int removed = 0;
        for (Path folder : folders()) {
            removed += removeStaleTemporaries(folder, olderThan);
        }
        return removed;
    }

    private static int removeStaleTemporaries(Path folder, Duration olderThan) {
        try {
            return TemporaryFiles.removeStale(folder, olderThan);
        } catch (IOException e) {
            LOG.warn("cannot list image folder {} for abandoned temporary files: {}", folder, e.toString());
            return 0;
        }
    }

    /**
     * Removes temporaries older than the configured stall time.
     *
     * @return how many files were removed
     */
    public int removeStaleTemporaries() {
        return removeStaleTemporaries(config.tmpStallTime());
    }

    @Override
    public FileLocation parseLocation(String uri) {
        FileLocation location = FileLocation.parse(uri);
        Path path = location.path();
        Path parent = path.getParent();
        if (parent == null || !isFolder(parent)) {
            throw new BadStoreUriException("location " + location + " is not in an image folder of this store");
        }
        try {
            ImageIds.validate(path.getFileName().toString());
        } catch (InvalidImageIdException e) {
            throw new BadStoreUriException("location " + location + " does not name an image: " + e.getMessage(), e);
        }
        return location;
    }

    /** Whether a folder is one of ours, by name or, for another spelling, by real path. */
    private boolean isFolder(Path folder) {
        if (folders.contains(folder)) {
            return true;
        }
        try {
            return realFolders.contains(folder.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public WriteSession openWrite(String imageId, long sizeHint) {
        if (!capabilities().contains(Capability.WRITE_ACCESS)) {
            throw new StoreAddDisabledException("the file store cannot write in its image folders");
        }
        Path folder = chooser.choose(sizeHint);
        Path image = folder.resolve(imageId);
        // Not atomic (the link at commit is), but it spares streaming gigabytes for nothing.
        // access(2) rather than lstat: no exception built for the usual absent image. A
        // dangling symbolic link planted under the name passes here; the link then refuses it.
        if (Files.exists(image)) {
            throw new DuplicateException("image " + imageId + " already exists in " + folder);
        }
        return FileWrite.start(this, folder, imageId);
    }

    @Override
    public long size(StoreLocation location) throws IOException {
        return imageAttributes(location).size();
    }

    @Override
    public InputStream openRead(StoreLocation location, long offset, long length) throws IOException {
        imageAttributes(location);
        Path path = ((FileLocation) location).path();
        FileChannel channel;
        try {
            // NOFOLLOW_LINKS also here: the file could have been swapped since it was checked.
            channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("no image at " + location, e);
        }
        int buffer = Math.max(8192, Math.min(config.chunkSize(), MAX_READ_BUFFER));
        return new FileRangeInputStream(channel, offset, length, buffer);
    }

    @Override
    public void delete(StoreLocation location) throws IOException {
        imageAttributes(location);
        try {
            Files.delete(((FileLocation) location).path());
        } catch (NoSuchFileException e) {
            throw new NotFoundException("no image at " + location, e);
        } catch (IOException e) {
            if (IoErrors.isDenied(e)) {
                throw new ForbiddenException("not allowed to delete the image at " + location + ": "
                        + IoErrors.describe(e), e);
            }
            throw e;
        }
    }

    /** The attributes of an image file, refusing anything but a regular file. */
    private BasicFileAttributes imageAttributes(StoreLocation location) throws IOException {
        Path path = ((FileLocation) location).path();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("no image at " + location, e);
        }
        if (!attributes.isRegularFile()) {
            throw new BadStoreUriException("location " + location + " is not a regular file; the file store "
                    + "serves only files it could have written, never symbolic links or devices");
        }
        return attributes;
    }

    @Override
    public void close() {
        // Nothing is held between calls.
    }

    boolean thinProvisioning() {
        return config.thinProvisioning();
    }

    /** Zeros of the thin-provisioning block size, to compare chunks against. Never written to. */
    byte[] zeroBlock() {
        return zeroBlock;
    }

    Optional<Set<PosixFilePermission>> filePermissions() {
        return config.filePermissions();
    }

    LocationMetadata metadata() {
        return config.metadata();
    }

    /** The group commit of one image folder's new names, shared by every add of this store. */
    FolderSync folderSync(Path folder) {
        return folderSyncs.computeIfAbsent(folder, FolderSync::new);
    }

    @Override
    public String toString() {
        return "FileStoreDriver{folders=" + folders() + ", capabilities=" + capabilities() + "}";
    }
}
