package io.glancestore.cli.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** The reason of an I/O failure in a few words, the way the operating system says it. */
final class IoMessages {

    private IoMessages() {
    }

    /**
     * Why an I/O operation failed: {@code Broken pipe}, {@code No space left on device}, ...
     *
     * @param e the failure
     * @return the reason, without the file name
     */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
