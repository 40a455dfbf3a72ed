package io.glancestore.cli.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The process's standard streams as they really are. Java's {@code System.in} reads whatever
 * file descriptor 0 is, even when the shell closed it and the JVM then opened one of its own
 * files there; {@code System.out} is a {@code PrintStream} that swallows write errors; and
 * {@code System.console()} cannot tell which stream is a terminal. This looks at the
 * descriptors through {@code /proc/self/fd} (Linux) and hands out raw streams whose errors
 * reach the caller.
 */
public final class StdStreams {

    /** What a standard file descriptor is. */
    public enum Kind {
        /** A pipe or a FIFO. */
        PIPE,
        /** A regular file. */
        REGULAR_FILE,
        /** A terminal. */
        TERMINAL,
        /** A character device other than a terminal, e.g. {@code /dev/null}. */
        DEVICE,
        /** A directory. */
        DIRECTORY,
        /** A socket or anything else. */
        OTHER,
        /** Closed when the process started. */
        CLOSED,
        /** Cannot be told on this system (no {@code /proc}). */
        UNKNOWN
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final Pattern TERMINAL_NAME = Pattern.compile("/dev/(pts/\\d+|tty\\w*|console)");

    private StdStreams() {
    }

    /**
     * What a standard descriptor is.
     *
     * @param fd 0, 1 or 2
     * @return its kind
     */
    public static Kind kindOf(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
            return Kind.UNKNOWN;
        }
        String target;
        int mode;
        try {
            target = Files.readSymbolicLink(link).toString();
            mode = (Integer) Files.getAttribute(link, "unix:mode");
        } catch (NoSuchFileException e) {
            return Kind.CLOSED;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return Kind.UNKNOWN;
        }
        switch (mode & S_IFMT) {
            case S_IFIFO:
                return Kind.PIPE;
            case S_IFDIR:
                return Kind.DIRECTORY;
            case S_IFCHR:
                return TERMINAL_NAME.matcher(target).matches() ? Kind.TERMINAL : Kind.DEVICE;
            case S_IFREG:
                // A descriptor closed by the shell is taken by the first file the JVM opens (its
                // lib/modules): such a file is the JVM's, never what the user meant to give.
                return isJvmFile(target) ? Kind.CLOSED : Kind.REGULAR_FILE;
            default:
                return Kind.OTHER;
        }
    }

    private static boolean isJvmFile(String target) {
        try {
            String home = Path.of(System.getProperty("java.home")).toRealPath().toString();
            return target.startsWith(home + "/");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether a standard descriptor is a terminal.
     *
     * @param fd 0, 1 or 2
     * @return true for a terminal; false when it cannot be told and there is no console
     */
    public static boolean isTerminal(int fd) {
        Kind kind = kindOf(fd);
        return kind == Kind.TERMINAL || kind == Kind.UNKNOWN && System.console() != null;
    }

    /**
     * Standard input, for reading an image: only a pipe, a regular file or a terminal.
     *
     * @return the raw stream
     * @throws CliException if standard input is closed, a directory, a device or a socket
     */
    public static InputStream stdinForData() {
        Kind kind = kindOf(0);
        switch (kind) {
            case PIPE: case REGULAR_FILE: case TERMINAL: case UNKNOWN:
                return new FileInputStream(FileDescriptor.in);
            case CLOSED:
                throw new CliException(ExitCodes.USAGE, "standard input is closed: there is nothing to read");
            case DIRECTORY:
                throw new CliException(ExitCodes.USAGE, "standard input is a directory, not an image");
            default:
                throw new CliException(ExitCodes.USAGE, "standard input is a " + (kind == Kind.DEVICE ? "device"
                        : "socket or another special file") + ": give a file, or pipe the image in");
        }
    }

    /**
     * Standard output as a raw stream: every write error (a closed pipe, a full disk, an I/O
     * error) reaches the caller.
     *
     * @return the stream; closing it does not close the descriptor
     */
    public static OutputStream stdout() {
        return new Unclosable(new FileOutputStream(FileDescriptor.out));
    }

    /**
     * Standard error as a raw stream.
     *
     * @return the stream; closing it does not close the descriptor
     */
    public static OutputStream stderr() {
        return new Unclosable(new FileOutputStream(FileDescriptor.err));
    }

    /** Writes straight through; closing leaves the descriptor open for whatever comes next. */
    private static final class Unclosable extends FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
