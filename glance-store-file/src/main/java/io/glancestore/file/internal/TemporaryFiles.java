package io.glancestore.file.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names and clean-up of the files an add writes before publishing. A temporary is called
 * {@code .<image id>.glance-tmp-<random>}: it lives in the image's own folder (so publishing is
 * a link within one filesystem), can never be taken for an image (ids never start with a dot),
 * and is recognisable after a crash. Other processes, possibly on other hosts sharing the
 * folder, may be writing theirs right now, so only temporaries untouched for a stall time are
 * removed.
 */
final class TemporaryFiles {

    /** What every temporary's name contains. */
    static final String MARKER = ".glance-tmp-";

    private static final Logger LOG = LoggerFactory.getLogger(TemporaryFiles.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private TemporaryFiles() {
    }

    /**
     * A fresh temporary name for an image.
     *
     * @param imageId the image id (or another short label)
     * @return the file name
     */
    static String newName(String imageId) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return "." + imageId + MARKER + HexFormat.of().formatHex(random);
    }

    /**
     * Whether a file name is one of our temporaries.
     *
     * @param fileName the name
     * @return true for temporaries
     */
    static boolean isTemporary(String fileName) {
        return fileName.startsWith(".") && fileName.contains(MARKER);
    }

    /**
     * Removes the temporaries of a folder whose last modification is older than a given age.
     * A live writer modifies its file with every chunk, so only abandoned ones are that old.
     *
     * @param folder the folder
     * @param olderThan the age, zero to remove all
     * @return how many were removed
     * @throws IOException if the folder cannot be listed
     */
    static int removeStale(Path folder, Duration olderThan) throws IOException {
        Instant cutoff = Instant.now().minus(olderThan);
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder,
                p -> isTemporary(p.getFileName().toString()))) {
            for (Path temp : entries) {
                if (isOlder(temp, cutoff) && delete(temp)) {
                    removed++;
                }
            }
        }
        if (removed > 0) {
            LOG.info("removed {} abandoned temporary file(s) from {}", removed, folder);
        }
        return removed;
    }

    private static boolean isOlder(Path temp, Instant cutoff) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(temp, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attributes.lastModifiedTime().toInstant().isBefore(cutoff);
        } catch (IOException e) {
            // Gone already (its writer published or aborted) or unreadable: not ours to judge.
            return false;
        }
    }

    private static boolean delete(Path temp) {
        try {
            Files.delete(temp);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            LOG.warn("cannot remove abandoned temporary file {}: {}", temp, e.toString());
            return false;
        }
    }
}
