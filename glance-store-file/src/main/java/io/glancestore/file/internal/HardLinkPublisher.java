package io.glancestore.file.internal;

import io.glancestore.exception.DuplicateException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a finished temporary under the image's name without ever replacing an image.
 *
 * <p>{@code link(2)} creates the final name only if it does not exist, atomically, for every
 * process and host sharing the folder (NFS included), so of several writers of one id exactly
 * one wins and the others learn it is a duplicate; {@code rename(2)} would silently overwrite.
 * Readers see either no image or the whole image, since the temporary was complete and synced
 * before. Over NFS a retransmitted {@code LINK} whose first attempt succeeded answers
 * {@code EEXIST}: the temporary then has two links, ours, and that is a success.
 *
 * <p>On a filesystem without hard links the publisher falls back to check-then-rename, which
 * is as racy as glance_store's own check, and says so once in the log.
 */
final class HardLinkPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(HardLinkPublisher.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private HardLinkPublisher() {
    }

    /**
     * Gives the temporary's content the image's name. The temporary keeps its own name too
     * (unless the rename fallback was used); the caller removes it.
     *
     * @param temp the complete, synced temporary
     * @param image the image's final path
     * @throws DuplicateException if an image of that name exists
     * @throws IOException on other failures
     */
    static void publish(Path temp, Path image) throws IOException {
        try {
            Files.createLink(image, temp);
        } catch (FileAlreadyExistsException e) {
            if (linkCount(temp) == 2) {
                LOG.debug("link of {} reported EEXIST but the link is ours (retransmitted request)", image);
                return;
            }
            throw new DuplicateException("image " + image.getFileName() + " already exists in " + image.getParent());
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileSystemException && !noHardLinks((FileSystemException) e)) {
                throw (FileSystemException) e;
            }
            publishByRename(temp, image);
        }
    }

    /**
     * {@code link(2)} answers {@code EPERM} or {@code ENOTSUP} where the filesystem has no hard
     * links; we just created the temporary, so a real permission problem cannot be the cause.
     */
    private static boolean noHardLinks(FileSystemException e) {
        String reason = String.valueOf(e.getReason()).toLowerCase(Locale.ROOT);
        return reason.contains("operation not permitted") || reason.contains("not supported");
    }

    private static void publishByRename(Path temp, Path image) throws IOException {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("the filesystem of {} has no hard links: images are published by rename, and two "
                    + "writers of the same id at the same moment are not told apart", image.getParent());
        }
        if (Files.exists(image, LinkOption.NOFOLLOW_LINKS)) {
            throw new DuplicateException("image " + image.getFileName() + " already exists in " + image.getParent());
        }
        Files.move(temp, image, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int linkCount(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}
