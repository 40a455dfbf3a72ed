package io.glancestore.file.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets an image folder ready at store start, as glance_store's {@code configure_add} does:
 * creates it when missing, lets the group or others traverse it when image files are to be
 * readable by them (so Nova can read images in place), and finds out whether this process can
 * write in it. A folder that cannot be written makes the store read-only, not unusable.
 */
final class DatadirSetup {

    private static final Logger LOG = LoggerFactory.getLogger(DatadirSetup.class);

    private DatadirSetup() {
    }

    /**
     * Prepares a folder.
     *
     * @param folder the image folder
     * @param filePermissions the permissions image files will get, if configured
     * @return whether new images can be written in it
     */
    static boolean prepare(Path folder, Optional<Set<PosixFilePermission>> filePermissions) {
        if (!Files.isDirectory(folder)) {
            try {
                Files.createDirectories(folder);
                LOG.info("created image folder {}", folder);
            } catch (IOException e) {
                // Another process may have created it meanwhile; only its absence matters.
                if (!Files.isDirectory(folder)) {
                    LOG.warn("image folder {} does not exist and cannot be created; the store is read-only: {}",
                            folder, e.toString());
                    return false;
                }
            }
        }
        filePermissions.ifPresent(p -> grantTraversal(folder, p));
        return probeWrite(folder);
    }

    /** Adds g+x / o+x to the folder when image files are to be readable by the group / others. */
    private static void grantTraversal(Path folder, Set<PosixFilePermission> filePermissions) {
        try {
            Set<PosixFilePermission> mode = EnumSet.copyOf(Files.getPosixFilePermissions(folder));
            boolean changed = false;
            if (filePermissions.stream().anyMatch(p -> p.name().startsWith("OTHERS_"))) {
                changed |= mode.add(PosixFilePermission.OTHERS_EXECUTE);
            }
            if (filePermissions.stream().anyMatch(p -> p.name().startsWith("GROUP_"))) {
                changed |= mode.add(PosixFilePermission.GROUP_EXECUTE);
            }
            if (changed) {
                Files.setPosixFilePermissions(folder, mode);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot let the group or others traverse image folder {}: {}", folder, e.toString());
        }
    }

    /**
     * Writes a probe file rather than asking {@code access(2)}: only a real write sees a
     * read-only mount, NFS root squashing or an ACL the same way an add will. The probe carries
     * a temporary's name, so a crash in between leaves nothing that is not cleaned.
     */
    static boolean probeWrite(Path folder) {
        Path probe = folder.resolve(TemporaryFiles.newName("write-probe"));
        try {
            Files.createFile(probe);
        } catch (IOException e) {
            LOG.warn("cannot write in image folder {}; the store is read-only: {}", folder, IoErrors.describe(e));
            return false;
        }
        try {
            Files.delete(probe);
        } catch (IOException e) {
            LOG.debug("write probe {} left for the stale-temporary clean-up: {}", probe, e.toString());
        }
        return true;
    }
}
