package io.glancestore.cli.internal;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.VerificationFailedException;
import io.glancestore.location.Locations;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Exit codes, and the translation of failures into them. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** A store or I/O operation failed. */
    public static final int FAILED = 1;
    /** Invalid command line (picocli's own code). */
    public static final int USAGE = 2;
    /** Image not found. */
    public static final int NOT_FOUND = 3;
    /** Checksum or verification mismatch. */
    public static final int MISMATCH = 4;
    /** Bad configuration. */
    public static final int CONFIG = 5;
    /** The image id exists already. */
    public static final int DUPLICATE = 6;
    /** Some images of a copy or migration failed. */
    public static final int PARTIAL = 7;

    private ExitCodes() {
    }

    /**
     * The exit code of a failure.
     *
     * @param e the failure
     * @return the code
     */
    public static int of(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ChecksumMismatchException || c instanceof VerificationFailedException) {
                return MISMATCH;
            }
        }
        if (e instanceof NotFoundException) {
            return NOT_FOUND;
        }
        if (e instanceof BadStoreConfigurationException) {
            return CONFIG;
        }
        if (e instanceof DuplicateException) {
            return DUPLICATE;
        }
        if (e instanceof CliException) {
            return ((CliException) e).exitCode();
        }
        return FAILED;
    }

    /**
     * Reports a command's failure on stderr (and as JSON on stdout with {@code --json}).
     *
     * @param e the failure
     * @param cli the command line
     * @param parse the parsed arguments
     * @return the exit code
     */
    public static int handle(Exception e, CommandLine cli, ParseResult parse) {
        int code = of(e);
        // Messages of this SDK carry no secrets; mask anyway in case a URI slipped into one.
        String message = Locations.mask(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        GlobalOptions global = GlobalOptions.of(cli.getCommandSpec());
        if (global.json()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("error", message);
            out.put("type", e.getClass().getSimpleName());
            out.put("exitCode", code);
            Output.printJson(cli.getOut(), out);
        }
        cli.getErr().println("glance-store: " + message);
        if (global.verbose()) {
            e.printStackTrace(cli.getErr());
        }
        cli.getErr().flush();
        return code;
    }
}
