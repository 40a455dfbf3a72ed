package io.glancestore.file.internal;

import io.glancestore.exception.BackendException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.StorageFullException;
import io.glancestore.exception.StorageWriteDeniedException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Names the filesystem errors of a write the way glance_store does: out of space or too large
 * ({@code ENOSPC}, {@code EFBIG}, {@code EDQUOT}) is {@link StorageFullException}; refused
 * ({@code EACCES}, {@code EPERM}, {@code EROFS}) is {@link StorageWriteDeniedException}. The JDK
 * exposes no errno, only the C library's message, so the messages are matched; when they are
 * translated into another language, a folder found (nearly) full still tells storage full apart.
 */
final class IoErrors {

    private static final List<String> FULL = List.of(
            "no space left on device", "file too large", "disk quota exceeded");
    private static final List<String> DENIED = List.of(
            "permission denied", "operation not permitted", "read-only file system");

    /** Below this much usable space, an unrecognised write error is taken for a full disk. */
    private static final long NEARLY_FULL_BYTES = 1 << 20;

    private IoErrors() {
    }

    /**
     * The SDK error for a failed write.
     *
     * @param e what the filesystem threw
     * @param action what was being done, e.g. {@code writing image <id> in <folder>}
     * @param folder the folder written to, probed for free space
     * @return the exception to throw
     */
    static GlanceStoreException forWrite(IOException e, String action, Path folder) {
        if (isDenied(e)) {
            return new StorageWriteDeniedException(action + ": write denied: " + describe(e), e);
        }
        String text = describe(e).toLowerCase(Locale.ROOT);
        if (FULL.stream().anyMatch(text::contains) || nearlyFull(folder)) {
            return new StorageFullException(action + ": no room left: " + describe(e), e);
        }
        return new BackendException(action + " failed: " + describe(e), e);
    }

    /**
     * Whether an error is a refusal ({@code EACCES}, {@code EPERM}, {@code EROFS}).
     *
     * @param e the error
     * @return true if the filesystem refused the operation
     */
    static boolean isDenied(IOException e) {
        String text = describe(e).toLowerCase(Locale.ROOT);
        return e instanceof AccessDeniedException || DENIED.stream().anyMatch(text::contains);
    }

    /** The error's text; for NIO errors the reason, which the message would prefix with paths. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * The kind of a failure on a path and, where the JDK gives one, its reason, but never the
     * path: for a value from a configuration file, which may be a secret on the wrong line.
     */
    static String withoutPath(Exception e) {
        String reason = e instanceof FileSystemException fse ? fse.getReason()
                : e instanceof InvalidPathException ipe ? ipe.getReason() : null;
        return e.getClass().getSimpleName() + (reason == null ? "" : ": " + reason);
    }

    private static boolean nearlyFull(Path folder) {
        try {
            return Files.getFileStore(folder).getUsableSpace() < NEARLY_FULL_BYTES;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
