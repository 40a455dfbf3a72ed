package io.glancestore.file.internal;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.location.FileLocation;
import io.glancestore.spi.StoreOptions;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file store's options, read with glance_store's names, defaults and checks, plus
 * {@value #TMP_STALL_TIME} (ours: when a leftover temporary counts as abandoned).
 *
 * @param datadirs where images go; one entry unless {@value #DATADIRS} was used
 * @param multipleDatadirs whether {@value #DATADIRS} was used (then free space decides)
 * @param filePermissions permissions given to new image files, empty to keep the umask's
 * @param chunkSize {@value #CHUNK_SIZE}: read buffer and thin-provisioning granularity
 * @param thinProvisioning whether all-zero chunks become holes
 * @param metadata the entries of {@value #METADATA_FILE}
 * @param tmpStallTime age after which a temporary file is taken as abandoned
 */
record FileStoreConfig(
        List<Datadir> datadirs,
        boolean multipleDatadirs,
        Optional<Set<PosixFilePermission>> filePermissions,
        int chunkSize,
        boolean thinProvisioning,
        LocationMetadata metadata,
        Duration tmpStallTime) {

    /** Glance option: the single image folder. */
    static final String DATADIR = "filesystem_store_datadir";
    /** Glance option: several image folders as {@code path:priority}. */
    static final String DATADIRS = "filesystem_store_datadirs";
    /** Glance option: octal permissions of image files; 0 or less leaves them alone. */
    static final String FILE_PERM = "filesystem_store_file_perm";
    /** Glance option: read chunk and thin-provisioning granularity in bytes. */
    static final String CHUNK_SIZE = "filesystem_store_chunk_size";
    /** Glance option: turn all-zero chunks into holes. */
    static final String THIN_PROVISIONING = "filesystem_thin_provisioning";
    /** Glance option: JSON file of location metadata by mountpoint. */
    static final String METADATA_FILE = "filesystem_store_metadata_file";
    /** Our option: seconds after which a leftover temporary file is removed. */
    static final String TMP_STALL_TIME = "filesystem_store_tmp_stall_time";

    /** glance_store's default image folder. */
    static final String DEFAULT_DATADIR = "/var/lib/glance/images";
    /** glance_store's default chunk size. */
    static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
    /** Default age of an abandoned temporary: long enough for any live writer to touch it. */
    static final long DEFAULT_TMP_STALL_SECONDS = 3600;

    private static final Logger LOG = LoggerFactory.getLogger(FileStoreConfig.class);

    /** Freezes the values. */
    public FileStoreConfig {
        datadirs = List.copyOf(datadirs);
        filePermissions = filePermissions.map(Set::copyOf);
    }

    /**
     * Reads the options.
     *
     * @param options the backend's options
     * @return the configuration
     * @throws io.glancestore.exception.BadStoreConfigurationException naming the bad option
     */
    static FileStoreConfig from(StoreOptions options) {
        Optional<String> datadir = options.string(DATADIR);
        List<String> datadirSpecs = options.list(DATADIRS);
        if (datadir.isPresent() && !datadirSpecs.isEmpty()) {
            throw options.invalid(DATADIR, "and '" + DATADIRS + "' are both set; set only one of them");
        }
        List<Datadir> datadirs = datadirSpecs.isEmpty()
                ? List.of(new Datadir(folder(options, DATADIR, datadir.orElse(DEFAULT_DATADIR)), 0))
                : datadirs(options, datadirSpecs);
        Optional<Set<PosixFilePermission>> permissions = filePermissions(options);
        int chunkSize = (int) options.integer(CHUNK_SIZE, DEFAULT_CHUNK_SIZE, 1, Integer.MAX_VALUE);
        boolean thin = options.bool(THIN_PROVISIONING, false);
        LocationMetadata metadata = metadata(options);
        long stall = options.integer(TMP_STALL_TIME, DEFAULT_TMP_STALL_SECONDS, 1, Long.MAX_VALUE / 1000);
        return new FileStoreConfig(datadirs, !datadirSpecs.isEmpty(), permissions, chunkSize, thin, metadata,
                Duration.ofSeconds(stall));
    }

    /** Parses {@code path:priority} items the way glance_store does (split at the last colon). */
    private static List<Datadir> datadirs(StoreOptions options, List<String> specs) {
        Map<Path, Integer> priorities = new LinkedHashMap<>();
        for (String spec : specs) {
            int colon = spec.lastIndexOf(':');
            String path = colon < 0 ? spec : spec.substring(0, colon).trim();
            String priorityText = colon < 0 ? "" : spec.substring(colon + 1).trim();
            int priority = 0;
            if (!priorityText.isEmpty()) {
                try {
                    priority = Integer.parseInt(priorityText);
                } catch (NumberFormatException e) {
                    throw options.invalid(DATADIRS, "has an invalid priority (an integer after the last ':')");
                }
            }
            if (path.isEmpty()) {
                throw options.invalid(DATADIRS, "has an item without a directory");
            }
            Path folder = folder(options, DATADIRS, path);
            Integer previous = priorities.putIfAbsent(folder, priority);
            if (previous != null && previous != priority) {
                throw options.invalid(DATADIRS, "names directory " + folder + " twice with different priorities");
            }
            if (previous != null) {
                LOG.warn("option '{}' names directory {} twice", DATADIRS, folder);
            }
        }
        List<Datadir> datadirs = new ArrayList<>();
        priorities.forEach((path, priority) -> datadirs.add(new Datadir(path, priority)));
        return datadirs;
    }

    /**
     * Makes a configured folder absolute and normalised, and checks that image locations in it
     * can be written in glance_store's format (no {@code ?}, {@code #}, control characters).
     */
    private static Path folder(StoreOptions options, String key, String value) {
        Path path;
        try {
            path = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw options.invalid(key, "is not a valid path");
        }
        if (path.getParent() == null) {
            throw options.invalid(key, "must not be the root directory");
        }
        try {
            FileLocation.of(path.resolve("image-id"));
        } catch (BadStoreUriException e) {
            throw options.invalid(key, "holds a path that cannot appear in a file:// location: " + e.getMessage());
        }
        return path;
    }

    /**
     * glance_store reads the permission as an integer whose decimal digits are octal
     * ({@code 640} means {@code rw-r-----}), ignores values up to 0, and refuses permissions
     * without owner read, which would lock Glance out of its own images.
     */
    private static Optional<Set<PosixFilePermission>> filePermissions(StoreOptions options) {
        Optional<String> raw = options.string(FILE_PERM);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String text = raw.get();
        if (text.startsWith("-")) {
            // Ignored like 0, as glance_store does, but it must still be an integer.
            options.integer(FILE_PERM, 0, Long.MIN_VALUE, 0);
            return Optional.empty();
        }
        if (!text.matches("[0-7]{1,4}")) {
            throw options.invalid(FILE_PERM, "must be octal digits such as 640");
        }
        int mode = Integer.parseInt(text, 8);
        if (mode == 0) {
            return Optional.empty();
        }
        if (mode > 0777) {
            throw options.invalid(FILE_PERM, "must not set the setuid, setgid or sticky bits");
        }
        if ((mode & 0400) == 0) {
            throw options.invalid(FILE_PERM, "must include owner read (4 in the first digit), "
                    + "or the store could not read its own images");
        }
        return Optional.of(toPermissions(mode));
    }

    private static LocationMetadata metadata(StoreOptions options) {
        Optional<String> file = options.string(METADATA_FILE);
        if (file.isEmpty()) {
            return LocationMetadata.NONE;
        }
        try {
            return LocationMetadata.read(Path.of(file.get()));
        } catch (IOException | InvalidPathException e) {
            throw options.invalid(METADATA_FILE, "names a file that cannot be read: " + e);
        } catch (IllegalArgumentException e) {
            throw options.invalid(METADATA_FILE, "names a file that is not valid: " + e.getMessage());
        }
    }

    private static Set<PosixFilePermission> toPermissions(int mode) {
        PosixFilePermission[] highToLow = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE,
        };
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < highToLow.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(highToLow[i]);
            }
        }
        return set;
    }
}
