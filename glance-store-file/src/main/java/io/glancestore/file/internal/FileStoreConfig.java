package io.glancestore.file.internal;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.file.FileLocation;
import io.glancestore.spi.StoreOption;
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
 * {@code filesystem_store_tmp_stall_time} (ours: when a leftover temporary counts as abandoned). Each
 * option is read through its definition, which the provider also declares.
 *
 * @param datadirs where images go; one entry unless {@code filesystem_store_datadirs} was used
 * @param multipleDatadirs whether {@code filesystem_store_datadirs} was used (then free space decides)
 * @param filePermissions permissions given to new image files, empty to keep the umask's
 * @param chunkSize {@code filesystem_store_chunk_size}: read buffer and thin-provisioning granularity
 * @param thinProvisioning whether all-zero chunks become holes
 * @param metadata the entries of {@code filesystem_store_metadata_file}
 * @param tmpStallTime age after which a temporary file is taken as abandoned
 */
public record FileStoreConfig(
        List<Datadir> datadirs,
        boolean multipleDatadirs,
        Optional<Set<PosixFilePermission>> filePermissions,
        int chunkSize,
        boolean thinProvisioning,
        LocationMetadata metadata,
        Duration tmpStallTime) {

    /** glance_store's default image folder. */
    static final String DEFAULT_DATADIR = "/var/lib/glance/images";
    /** glance_store's default chunk size. */
    static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
    /** Default age of an abandoned temporary: long enough for any live writer to touch it. */
    static final long DEFAULT_TMP_STALL_SECONDS = 3600;

    /** Glance option: the single image folder. */
    public static final StoreOption<Optional<String>> DATADIR = StoreOption.optionalString("filesystem_store_datadir")
            .validatedBy(FileStoreConfig::folderProblem)
            .describedAs("the folder images go to (default " + DEFAULT_DATADIR + ")");
    /** Glance option: several image folders as {@code path:priority}. */
    public static final StoreOption<List<String>> DATADIRS = StoreOption.list("filesystem_store_datadirs").repeatable()
            .validatedBy(FileStoreConfig::datadirItemProblem)
            .describedAs("several folders as path:priority, instead of filesystem_store_datadir");
    /** Glance option: octal permissions of image files; 0 or less leaves them alone. */
    public static final StoreOption<Long> FILE_PERM = StoreOption.integer("filesystem_store_file_perm", 0, Long.MIN_VALUE,
            Long.MAX_VALUE).validatedBy(FileStoreConfig::permissionProblem)
            .describedAs("octal permissions of new image files, such as 640; 0 keeps the umask's");
    /** Glance option: read chunk and thin-provisioning granularity in bytes. */
    public static final StoreOption<Long> CHUNK_SIZE = StoreOption.integer("filesystem_store_chunk_size",
            DEFAULT_CHUNK_SIZE, 1, Integer.MAX_VALUE).describedAs("read buffer and hole granularity, bytes");
    /** Glance option: turn all-zero chunks into holes. */
    public static final StoreOption<Boolean> THIN_PROVISIONING = StoreOption.bool("filesystem_thin_provisioning", false)
            .describedAs("leave all-zero chunks as holes");
    /** Glance option: JSON file of location metadata by mountpoint. */
    public static final StoreOption<Optional<String>> METADATA_FILE =
            StoreOption.optionalString("filesystem_store_metadata_file")
                    .describedAs("JSON file of location metadata by mountpoint");
    /** Our option: seconds after which a leftover temporary file is removed. */
    public static final StoreOption<Long> TMP_STALL_TIME = StoreOption.integer("filesystem_store_tmp_stall_time",
            DEFAULT_TMP_STALL_SECONDS, 1, Long.MAX_VALUE / 1000)
            .describedAs("seconds after which a crashed writer's temporary file is removed (ours)");

    /** Every option, as the provider declares them. */
    static final List<StoreOption<?>> OPTIONS = List.of(DATADIR, DATADIRS, FILE_PERM, CHUNK_SIZE, THIN_PROVISIONING,
            METADATA_FILE, TMP_STALL_TIME);

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
        Optional<String> datadir = DATADIR.read(options);
        List<String> datadirSpecs = DATADIRS.read(options);
        if (datadir.isPresent() && !datadirSpecs.isEmpty()) {
            throw options.invalid(DATADIR.name(), "and '" + DATADIRS.name() + "' are both set; set only one of them");
        }
        List<Datadir> datadirs = datadirSpecs.isEmpty()
                ? List.of(new Datadir(folder(datadir.orElse(DEFAULT_DATADIR)), 0))
                : datadirs(options, datadirSpecs);
        Optional<Set<PosixFilePermission>> permissions = filePermissions(FILE_PERM.read(options));
        int chunkSize = CHUNK_SIZE.read(options).intValue();
        boolean thin = THIN_PROVISIONING.read(options);
        LocationMetadata metadata = metadata(options);
        long stall = TMP_STALL_TIME.read(options);
        return new FileStoreConfig(datadirs, !datadirSpecs.isEmpty(), permissions, chunkSize, thin, metadata,
                Duration.ofSeconds(stall));
    }

    /** Parses {@code path:priority} items the way glance_store does (split at the last colon). */
    private static List<Datadir> datadirs(StoreOptions options, List<String> specs) {
        Map<Path, Integer> priorities = new LinkedHashMap<>();
        for (String spec : specs) {
            int colon = spec.lastIndexOf(':');
            String path = colon < 0 ? spec : spec.substring(0, colon).strip();
            String priorityText = colon < 0 ? "" : spec.substring(colon + 1).strip();
            int priority = priorityText.isEmpty() ? 0 : Integer.parseInt(priorityText); // checked by the option
            Path folder = folder(path);
            Integer previous = priorities.putIfAbsent(folder, priority);
            if (previous != null && previous != priority) {
                throw options.invalid(DATADIRS.name(), "names directory " + folder
                        + " twice with different priorities");
            }
            if (previous != null) {
                LOG.warn("option '{}' names directory {} twice", DATADIRS.name(), folder);
            }
        }
        List<Datadir> datadirs = new ArrayList<>();
        priorities.forEach((path, priority) -> datadirs.add(new Datadir(path, priority)));
        return datadirs;
    }

    /** One {@code path:priority} item: a folder, and an integer after the last colon if any. */
    private static Optional<String> datadirItemProblem(String spec) {
        int colon = spec.lastIndexOf(':');
        String path = colon < 0 ? spec : spec.substring(0, colon).strip();
        String priorityText = colon < 0 ? "" : spec.substring(colon + 1).strip();
        if (!priorityText.isEmpty()) {
            try {
                Integer.parseInt(priorityText);
            } catch (NumberFormatException e) {
                return Optional.of("has an invalid priority (an integer after the last ':')");
            }
        }
        if (path.isEmpty()) {
            return Optional.of("has an item without a directory");
        }
        return folderProblem(path);
    }

    /**
     * Why a configured folder is not acceptable: not a path, the root (once made absolute and
     * normalised, {@code ..} segments resolved), or a path that cannot appear in a
     * {@code file://} location ({@code ?}, {@code #}, control characters).
     */
    private static Optional<String> folderProblem(String value) {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            return Optional.of("is not a valid path");
        }
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.getParent() == null) {
            return Optional.of("must not be the root directory");
        }
        try {
            FileLocation.of(absolute.resolve("image-id"));
        } catch (BadStoreUriException e) {
            return Optional.of("holds a path that cannot appear in a file:// location: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** A folder that {@link #folderProblem} accepted, absolute and normalised. */
    private static Path folder(String value) {
        return Path.of(value).toAbsolutePath().normalize();
    }

    /**
     * glance_store reads the permission as an integer whose decimal digits are octal
     * ({@code 640} means {@code rw-r-----}), ignores values up to 0, and refuses permissions
     * without owner read, which would lock Glance out of its own images.
     */
    private static Optional<String> permissionProblem(String text) {
        if (text.startsWith("-")) {
            return Optional.empty(); // ignored like 0, as glance_store does
        }
        if (!text.matches("[0-7]{1,4}")) {
            return Optional.of("must be octal digits such as 640");
        }
        int mode = Integer.parseInt(text, 8);
        if (mode > 0777) {
            return Optional.of("must not set the setuid, setgid or sticky bits");
        }
        if (mode != 0 && (mode & 0400) == 0) {
            return Optional.of("must include owner read (4 in the first digit), "
                    + "or the store could not read its own images");
        }
        return Optional.empty();
    }

    private static Optional<Set<PosixFilePermission>> filePermissions(long digits) {
        if (digits <= 0) {
            return Optional.empty();
        }
        int mode = Integer.parseInt(Long.toString(digits), 8); // octal digits: checked by the option
        return Optional.of(toPermissions(mode));
    }

    private static LocationMetadata metadata(StoreOptions options) {
        Optional<String> file = METADATA_FILE.read(options);
        if (file.isEmpty()) {
            return LocationMetadata.NONE;
        }
        try {
            return LocationMetadata.read(Path.of(file.get()));
        } catch (IOException | InvalidPathException e) {
            // Not the exception's text: it holds the value, which a misplaced secret may be.
            throw options.invalid(METADATA_FILE.name(), "names a file that cannot be read (" + IoErrors.withoutPath(e) + ")");
        } catch (IllegalArgumentException e) {
            throw options.invalid(METADATA_FILE.name(), "names a file that is not valid: " + e.getMessage());
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
