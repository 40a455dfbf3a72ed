package io.glancestore.cli.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Where {@code get} writes an image. A regular file, or a path where nothing is yet, gets the
 * image whole or not at all: the bytes go to a hidden temporary beside it, renamed over it once
 * complete, removed on any failure. Anything else that exists (a device such as
 * {@code /dev/null}, a FIFO, a socket) is written in place and never replaced, and so is
 * standard output ({@code -}). A symbolic link is followed to what it names. Every write error
 * (a closed pipe, a full disk, an I/O error) fails with one line saying where and why.
 */
final class OutputTarget implements AutoCloseable {

    private final String name;
    private final OutputStream out;
    private final Path temporary;
    private final Path target;
    private boolean done;

    private OutputTarget(String name, OutputStream out, Path temporary, Path target) {
        this.name = name;
        this.out = out;
        this.temporary = temporary;
        this.target = target;
    }

    /**
     * Opens a target before anything is read, so a bad one costs nothing.
     *
     * @param output {@code -} for standard output, else a path
     * @param global where to note that standard output now carries the image
     * @return the target
     * @throws CliException if the target cannot be written
     */
    static OutputTarget open(String output, GlobalOptions global) {
        if ("-".equals(output)) {
            global.reserveStdoutForImage();
            return new OutputTarget("standard output", StdStreams.stdout(), null, null);
        }
        Path target;
        try {
            target = Path.of(output).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new CliException(ExitCodes.USAGE, "-o " + output + " is not a valid path");
        }
        if (Files.isSymbolicLink(target)) {
            try {
                target = target.toRealPath();
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "-o " + output + " is a symbolic link to nothing ("
                        + IoMessages.reason(e) + ")");
            }
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            attributes = null;
        } catch (IOException e) {
            throw failed("cannot look at " + target, e);
        }
        if (attributes != null && attributes.isDirectory()) {
            throw new CliException(ExitCodes.USAGE, "-o " + output + " is a directory: give the name of a file");
        }
        if (attributes != null && !attributes.isRegularFile()) {
            // A device or a FIFO: its reader or driver takes the bytes; replacing it would be a disaster.
            try {
                return new OutputTarget(target.toString(), Files.newOutputStream(target, StandardOpenOption.WRITE),
                        null, null);
            } catch (IOException e) {
                throw failed("cannot open " + target + " for writing", e);
            }
        }
        Path folder = target.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new CliException(ExitCodes.USAGE, "cannot write " + target + ": folder " + folder
                    + " does not exist");
        }
        Path temporary = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            return new OutputTarget(target.toString(), Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), temporary, target);
        } catch (AccessDeniedException e) {
            throw failed("cannot write in folder " + folder, e);
        } catch (IOException e) {
            throw failed("cannot create a file in folder " + folder, e);
        }
    }

    /**
     * What the target is called: a path, or {@code standard output}.
     *
     * @return the name
     */
    String name() {
        return name;
    }

    /**
     * Writes image bytes.
     *
     * @param b the bytes
     * @param off where they start
     * @param len how many
     * @throws CliException if they cannot be written
     */
    void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw failed("cannot write the image to " + name, e);
        }
    }

    /**
     * Completes the image: flushes it and, for a file, puts it in place of the target.
     *
     * @throws CliException if it cannot be completed; nothing is left behind then
     */
    void commit() {
        try {
            out.close();
        } catch (IOException e) {
            throw failed("cannot write the image to " + name, e);
        }
        if (temporary != null) {
            try {
                BasicFileAttributes now = Files.readAttributes(target, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (!now.isRegularFile()) {
                    throw new CliException(ExitCodes.FAILED, "output_failed", target
                            + " is no longer a regular file: the image was not put there", null);
                }
            } catch (NoSuchFileException e) {
                // still free
            } catch (IOException e) {
                throw failed("cannot look at " + target, e);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw failed("cannot put the image at " + target, e);
            }
        }
        done = true;
    }

    /** Removes a temporary left by a failure; closes the stream. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            out.close();
        } catch (IOException e) {
            // the failure that brought us here is the one to report
        }
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // nothing more can be done; it is hidden and named as ours
            }
        }
    }

    private static CliException failed(String what, IOException e) {
        return new CliException(ExitCodes.FAILED, "output_failed", what + ": " + IoMessages.reason(e), e);
    }
}
