package io.glancestore.cli.internal;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.BadStoreUriException;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.InvalidImageIdException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.UnknownHashingAlgoException;
import io.glancestore.exception.UnknownSchemeException;
import io.glancestore.exception.VerificationFailedException;
import io.glancestore.location.Locations;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Exit codes, and the report of a failure: one line on standard error, and with {@code --json}
 * the object {@code {"error": ..., "kind": ..., "exit_code": ...}} where results go (standard
 * output, or standard error when standard output carries an image, then instead of the line).
 */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** A store or I/O operation failed. */
    public static final int FAILED = 1;
    /** Invalid command line: options, arguments, ids, locations, hashes (picocli's own code). */
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
        if (e instanceof CliException) {
            return ((CliException) e).exitCode();
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
        if (e instanceof InvalidImageIdException || e instanceof BadStoreUriException
                || e instanceof UnknownSchemeException || e instanceof UnknownHashingAlgoException
                || e instanceof CommandLine.ParameterException
                || e instanceof io.glancestore.glance.UnsupportedLocationException) {
            return USAGE;
        }
        return FAILED;
    }

    /**
     * Reports a command's failure.
     *
     * @param e the failure
     * @param cli the command line
     * @param parse the parsed arguments
     * @return the exit code
     */
    public static int handle(Exception e, CommandLine cli, ParseResult parse) {
        GlobalOptions global = GlobalOptions.of(cli.getCommandSpec());
        int code = report(e, cli.getErr(), global.json(), global.stdoutCarriesImage());
        if (global.verbose()) {
            e.printStackTrace(cli.getErr());
            cli.getErr().flush();
        }
        return code;
    }

    /**
     * Reports a command line that could not be parsed, with a hint at {@code --help}.
     *
     * @param e the failure
     * @param args the arguments
     * @return {@link #USAGE}
     */
    public static int handleParameterError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        report(e, err, Arrays.asList(args).contains("--json"), false);
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return USAGE;
    }

    private static int report(Exception e, PrintWriter err, boolean json, boolean stdoutCarriesImage) {
        int code = of(e);
        // Messages of this SDK carry no secrets; mask anyway in case a URI slipped into one.
        String message = Locations.mask(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("error", message);
            out.put("kind", ErrorKinds.of(e));
            out.put("exit_code", code);
            try {
                (stdoutCarriesImage ? Output.stderr(true) : Output.stdout(true)).printJson(out);
            } catch (CliException unwritable) {
                // standard output is what failed: the line below still says why
            }
            if (stdoutCarriesImage) {
                return code;
            }
        }
        err.println("glance-store: " + message);
        err.flush();
        return code;
    }
}
