package io.glancestore.cli.internal;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command accepts, before or after its name. */
public final class GlobalOptions {

    /** When to draw progress bars. */
    public enum ProgressMode {
        /** On a terminal, for transfers lasting over a second. */
        AUTO,
        /** Never. */
        NEVER,
        /** Always, even when stderr is not a terminal. */
        ALWAYS
    }

    @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "glance-api.conf or Kolla globals.yml (*.yml) to use instead of the local default")
    Path config;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "folder of the default file store and cache (default: $GLANCE_STORE_DATA or ./glance-store-data)")
    Path dataDir;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print results as JSON, for scripts")
    boolean json;

    @Option(names = "--strict", scope = ScopeType.INHERIT,
            description = "treat unknown configuration keys as errors")
    boolean strict;

    @Option(names = "--progress", scope = ScopeType.INHERIT, paramLabel = "WHEN", defaultValue = "auto",
            description = "progress bars: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    ProgressMode progress = ProgressMode.AUTO;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "log what the stores do")
    boolean verbose;

    /** Set once image bytes go to standard output: nothing else may go there then. */
    private volatile boolean stdoutCarriesImage;

    /**
     * The global options of a command line, wherever they were given.
     *
     * @param spec any command's spec
     * @return the options
     */
    public static GlobalOptions of(CommandSpec spec) {
        return (GlobalOptions) spec.root().mixins().get("global").userObject();
    }

    /** Quiet logs by default: commands print their own results. */
    public static void configureLogging() {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * The folder of the default configuration.
     *
     * @return the data folder
     */
    public Path dataDir() {
        if (dataDir != null) {
            return dataDir.toAbsolutePath();
        }
        String env = System.getenv("GLANCE_STORE_DATA");
        return Path.of(env != null && !env.isBlank() ? env : "glance-store-data").toAbsolutePath();
    }

    /**
     * The configuration file, if given.
     *
     * @return the file or {@code null}
     */
    public Path config() {
        return config;
    }

    /**
     * Whether to print JSON.
     *
     * @return true for JSON
     */
    public boolean json() {
        return json;
    }

    /**
     * Whether unknown keys are errors.
     *
     * @return true if strict
     */
    public boolean strict() {
        return strict;
    }

    /**
     * When to draw progress bars.
     *
     * @return the mode
     */
    public ProgressMode progress() {
        return progress;
    }

    /**
     * Reserves standard output for image bytes: results and errors go to standard error.
     */
    public void reserveStdoutForImage() {
        stdoutCarriesImage = true;
    }

    /**
     * Whether standard output carries image bytes.
     *
     * @return true once {@link #reserveStdoutForImage()} was called
     */
    public boolean stdoutCarriesImage() {
        return stdoutCarriesImage;
    }

    /**
     * Where results go: standard output, or standard error once it carries an image.
     *
     * @return the output
     */
    public Output results() {
        return stdoutCarriesImage ? Output.stderr(json) : Output.stdout(json);
    }

    /**
     * Whether to log more.
     *
     * @return true if verbose
     */
    public boolean verbose() {
        return verbose;
    }
}
