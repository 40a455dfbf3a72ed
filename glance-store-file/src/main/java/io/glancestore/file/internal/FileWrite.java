package io.glancestore.file.internal;

import io.glancestore.file.FileLocation;
import io.glancestore.spi.WriteSession;
import io.glancestore.spi.WrittenImage;
import io.glancestore.support.SlicedFileIo;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One add to the file store: the bytes go to a temporary next to the image (positional writes,
 * no sync per chunk); {@link #prepareCommit} fixes the length, applies the permissions and syncs
 * the file once (while the API layer finishes hashing); commit links it under the image's name
 * ({@link HardLinkPublisher}), removes the temporary name and syncs the folder, sharing that sync
 * with the adds publishing in the same folder at the same time ({@link FolderSync}). Until the
 * link, nothing of the image is visible; abort removes every name this write created.
 *
 * <p>With thin provisioning, all-zero blocks of the chunk size (aligned on file offsets) are
 * not written, so they stay holes; the length is set at commit, so trailing zeros are holes too.
 */
final class FileWrite implements WriteSession {

    private static final Logger LOG = LoggerFactory.getLogger(FileWrite.class);

    private final Path folder;
    private final String imageId;
    private final Path temp;
    private final Path image;
    private final FileStoreDriver store;
    private final FileChannel channel;
    private final EarlyWriteback writeback;
    private long position;
    private boolean prepared;
    private boolean linked;
    private boolean committed;
    private boolean closed;

    private FileWrite(FileStoreDriver store, Path folder, String imageId, Path temp, FileChannel channel) {
        this.store = store;
        this.folder = folder;
        this.imageId = imageId;
        this.temp = temp;
        this.image = folder.resolve(imageId);
        this.channel = channel;
        this.writeback = new EarlyWriteback(channel);
    }

    /**
     * Creates the temporary and starts the write.
     *
     * @param store the store (for its settings)
     * @param folder the image folder chosen for this image
     * @param imageId the image id
     * @return the write
     */
    static FileWrite start(FileStoreDriver store, Path folder, String imageId) {
        Path temp = folder.resolve(TemporaryFiles.newName(imageId));
        String action = "creating a temporary file for image " + imageId + " in " + folder;
        try {
            // CREATE_NEW: the random name never exists; refusing one that does (a symbolic link
            // planted there) keeps the write from landing anywhere but in a new file.
            return new FileWrite(store, folder, imageId, temp,
                    FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw IoErrors.forWrite(e, action, folder);
        }
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        try {
            if (store.thinProvisioning()) {
                writeSkippingZeroBlocks(data, offset, length);
            } else {
                writeFully(ByteBuffer.wrap(data, offset, length), position);
            }
            position += length;
            writeback.wrote(position);
        } catch (IOException e) {
            throw IoErrors.forWrite(e, "writing image " + imageId + " in " + folder, folder);
        }
    }

    /** Writes the non-zero blocks of a chunk, each run of them with one positional write. */
    private void writeSkippingZeroBlocks(byte[] data, int offset, int length) throws IOException {
        int block = store.zeroBlock().length;
        int runStart = -1;
        int i = 0;
        while (i < length) {
            int blockEnd = (int) Math.min(length, i + block - (position + i) % block);
            boolean zero = Arrays.mismatch(data, offset + i, offset + blockEnd, store.zeroBlock(), 0, blockEnd - i) < 0;
            if (zero && runStart >= 0) {
                writeFully(ByteBuffer.wrap(data, offset + runStart, i - runStart), position + runStart);
                runStart = -1;
            } else if (!zero && runStart < 0) {
                runStart = i;
            }
            i = blockEnd;
        }
        if (runStart >= 0) {
            writeFully(ByteBuffer.wrap(data, offset + runStart, length - runStart), position + runStart);
        }
    }

    /** Writes in slices (see {@link SlicedFileIo} why). */
    private void writeFully(ByteBuffer buffer, long at) throws IOException {
        SlicedFileIo.write(channel, buffer, at);
    }

    @Override
    public void prepareCommit(long size) throws IOException {
        if (prepared) {
            return;
        }
        try {
            writeback.finish();
            // Only skipped zero blocks can leave the file short of the size.
            if (store.thinProvisioning() && channel.size() < size) {
                extendWithHole(size);
            }
            store.filePermissions().ifPresent(this::applyPermissions);
            channel.force(true);
            close();
        } catch (IOException e) {
            throw IoErrors.forWrite(e, "publishing image " + imageId + " in " + folder, folder);
        }
        prepared = true;
    }

    /**
     * Trailing zeros skipped under thin provisioning become a hole: only {@code ftruncate}, which
     * the JDK offers through RandomAccessFile alone, extends a file without writing.
     */
    private void extendWithHole(long size) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(temp.toFile(), "rw")) {
            file.setLength(size);
        }
    }

    @Override
    public WrittenImage commit(long size) throws IOException {
        prepareCommit(size);
        String action = "publishing image " + imageId + " in " + folder;
        try {
            HardLinkPublisher.publish(temp, image);
        } catch (IOException e) {
            throw IoErrors.forWrite(e, action, folder);
        }
        linked = true;
        deleteQuietly(temp);
        store.folderSync(folder).afterLink();
        committed = true;
        LOG.debug("published image {} in {} ({} bytes)", imageId, folder, size);
        return new WrittenImage(FileLocation.of(image), store.metadata().forImage(image));
    }

    /** Permissions go on before the link, so the image is never visible with the umask's. */
    private void applyPermissions(Set<PosixFilePermission> permissions) {
        try {
            Files.setPosixFilePermissions(temp, permissions);
        } catch (IOException | UnsupportedOperationException e) {
            // As glance_store: the image is still good, only not shared as configured.
            LOG.warn("cannot set the permissions of image {} in {}: {}", imageId, folder, e.toString());
        }
    }

    @Override
    public void abort() {
        try {
            writeback.finish();
        } catch (IOException e) {
            // the write failed anyway; the file goes
        }
        close();
        if (committed) {
            return;
        }
        if (linked) {
            deleteQuietly(image);
            linked = false;
        }
        deleteQuietly(temp);
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing temporary file of image {} failed: {}", imageId, e.toString());
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            LOG.warn("cannot remove {} after a failed add: {}", path, e.toString());
        }
    }
}
