package io.glancestore.cli.internal;

/** A failure of the tool itself, with the exit code it means and its kind for JSON output. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String kind;

    /**
     * Creates the exception, of the kind its exit code stands for.
     *
     * @param exitCode the exit code
     * @param message what went wrong; no secrets
     */
    public CliException(int exitCode, String message) {
        this(exitCode, defaultKind(exitCode), message, null);
    }

    /**
     * Creates the exception with a kind of its own.
     *
     * @param exitCode the exit code
     * @param kind the kind, see {@link ErrorKinds}
     * @param message what went wrong; no secrets
     * @param cause the underlying failure, or {@code null}
     */
    public CliException(int exitCode, String kind, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.kind = kind;
    }

    private static String defaultKind(int exitCode) {
        switch (exitCode) {
            case ExitCodes.USAGE:
                return "usage";
            case ExitCodes.NOT_FOUND:
                return "not_found";
            case ExitCodes.MISMATCH:
                return "checksum_mismatch";
            case ExitCodes.CONFIG:
                return "bad_configuration";
            case ExitCodes.DUPLICATE:
                return "duplicate";
            case ExitCodes.PARTIAL:
                return "partial_failure";
            default:
                return "failed";
        }
    }

    /**
     * The exit code.
     *
     * @return the code
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * The kind of failure.
     *
     * @return the kind
     */
    public String kind() {
        return kind;
    }
}
