package io.glancestore.cli.internal;

/** A failure of the tool itself, with the exit code it means. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * Creates the exception.
     *
     * @param exitCode the exit code
     * @param message what went wrong; no secrets
     */
    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * The exit code.
     *
     * @return the code
     */
    public int exitCode() {
        return exitCode;
    }
}
