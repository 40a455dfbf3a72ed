package io.glancestore.file;

import io.glancestore.ForwardingImageStore;
import io.glancestore.ImageStore;
import io.glancestore.file.internal.FileStoreConfig;
import io.glancestore.file.internal.FileStoreDriver;
import io.glancestore.spi.StoreBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An image store in local or shared folders, interoperable with glance_store's file driver:
 * image {@code <id>} is the file {@code <folder>/<id>} and its location is
 * {@code file://<folder>/<id>}, so a Python Glance and this store can use the same folder.
 *
 * <p>Better than the reference: an image appears whole or not at all. Bytes go to a hidden
 * temporary in the same folder, are synced once, and are published with a hard link that never
 * replaces an existing file, so of several writers of one id (threads, processes or hosts on
 * one NFS share) exactly one succeeds and the others get
 * {@link io.glancestore.exception.DuplicateException}. A failed add leaves nothing behind;
 * temporaries of crashed writers are removed when a store opens (once older than the stall
 * time) or on demand with {@link #removeStaleTemporaries()}. Locations outside the configured
 * folders, or that are not image files, are refused.
 *
 * <pre>{@code
 * try (FileStore store = FileStore.builder().datadir(Path.of("/var/lib/glance/images")).build()) {
 *     AddResult added = store.add(imageId, data, size);
 *     try (ImageData image = store.get(added.location())) { image.transferTo(out); }
 * }
 * }</pre>
 */
public final class FileStore extends ForwardingImageStore {

    private final FileStoreDriver driver;

    private FileStore(ImageStore store, FileStoreDriver driver) {
        super(store);
        this.driver = driver;
    }

    /**
     * Starts configuring a file store.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The folders images are written to.
     *
     * @return the folders, absolute and normalised
     */
    public List<Path> datadirs() {
        return driver.folders();
    }

    /**
     * Removes temporary files that crashed or killed writers left behind, once untouched for
     * the stall time ({@code filesystem_store_tmp_stall_time}). Opening a store does this too.
     *
     * @return how many files were removed
     */
    public int removeStaleTemporaries() {
        return driver.removeStaleTemporaries();
    }

    /**
     * Removes temporary files untouched for a given time. Only use an age shorter than the stall
     * time when no other process or host can be writing to the folders: a live writer's file
     * would be removed and its add would fail.
     *
     * @param olderThan the age, zero or more
     * @return how many files were removed
     */
    public int removeStaleTemporaries(Duration olderThan) {
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("age must not be negative: " + olderThan);
        }
        return driver.removeStaleTemporaries(olderThan);
    }

    @Override
    public String toString() {
        return "FileStore{id=" + id() + ", datadirs=" + datadirs() + "}";
    }

    /**
     * Configures a {@link FileStore}. Every setter stands for one of glance_store's options, which
     * {@link #option} also accepts by name, as in a {@code glance-api.conf}. Without a folder, the
     * store uses glance_store's default {@code /var/lib/glance/images}.
     *
     * <p>{@link #build()} opens the store: creates missing folders, checks they can be written (a
     * folder that cannot makes the store read-only, with a warning, as glance_store does) and
     * removes temporaries abandoned longer than the stall time. It throws
     * {@link io.glancestore.exception.BadStoreConfigurationException} if an option is invalid or
     * unknown.
     */
    public static final class Builder extends StoreBuilder<Builder, FileStore> {

        private Builder() {
            super(FileStoreDriver.TYPE, FileStoreDriver::open, FileStore::new);
        }

        /**
         * Sets the one folder images go to ({@code filesystem_store_datadir}). Missing folders are
         * created.
         *
         * @param folder the folder
         * @return this builder
         */
        public Builder datadir(Path folder) {
            return option(FileStoreConfig.DATADIR, folder);
        }

        /**
         * Adds one of several folders ({@code filesystem_store_datadirs}); instead of
         * {@link #datadir(Path)}, not with it. A new image goes to the highest priority with a
         * folder that has room for it, and there to the folder with the most free space.
         *
         * @param folder the folder
         * @param priority its priority, higher first
         * @return this builder
         */
        public Builder datadir(Path folder, int priority) {
            return addOption(FileStoreConfig.DATADIRS, folder + ":" + priority);
        }

        /**
         * Sets the permissions of new image files ({@code filesystem_store_file_perm}), so other
         * services (Nova) can read images in place. The folders then also get group or other
         * execute permission as needed.
         *
         * @param mode a POSIX mode such as {@code 0640}; must include owner read; 0 leaves the
         *     umask's permissions
         * @return this builder
         */
        public Builder filePermissions(int mode) {
            return option(FileStoreConfig.FILE_PERM, Integer.toOctalString(mode));
        }

        /**
         * Sets the chunk size ({@code filesystem_store_chunk_size}, default 65536): the read buffer
         * and the size of the zero blocks that thin provisioning leaves as holes.
         *
         * @param bytes the chunk size
         * @return this builder
         */
        public Builder chunkSize(int bytes) {
            return option(FileStoreConfig.CHUNK_SIZE, bytes);
        }

        /**
         * Turns all-zero chunks into holes ({@code filesystem_thin_provisioning}); the image keeps
         * its exact length and content.
         *
         * @param enabled whether to leave holes
         * @return this builder
         */
        public Builder thinProvisioning(boolean enabled) {
            return option(FileStoreConfig.THIN_PROVISIONING, enabled);
        }

        /**
         * Sets the location metadata file ({@code filesystem_store_metadata_file}): a JSON object,
         * or a list of them, with {@code id} and {@code mountpoint}. An add returns the entry whose
         * mountpoint holds the image as its metadata.
         *
         * @param file the JSON file
         * @return this builder
         */
        public Builder metadataFile(Path file) {
            return option(FileStoreConfig.METADATA_FILE, file);
        }

        /**
         * Sets how long a temporary file may stay untouched before it counts as abandoned
         * ({@code filesystem_store_tmp_stall_time}, default one hour). Writers on other hosts
         * sharing the folders must never pause that long.
         *
         * @param stallTime at least one second
         * @return this builder
         */
        public Builder tmpStallTime(Duration stallTime) {
            return option(FileStoreConfig.TMP_STALL_TIME, stallTime.toSeconds());
        }
    }
}
