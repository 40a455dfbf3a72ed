package io.glancestore.config;

import io.glancestore.exception.BadStoreConfigurationException;
import java.nio.file.Path;

/**
 * A configuration file is malformed or one of its values is bad. The message names the file,
 * the line and the option, never the value (it may be a secret).
 */
public class ConfigFileException extends BadStoreConfigurationException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String key;

    /**
     * Creates the exception.
     *
     * @param file the file, or {@code null} for configuration given in code
     * @param line the 1-based line, or 0 when not tied to a line
     * @param key the option name, or {@code null}
     * @param problem what is wrong; must not contain the value
     */
    public ConfigFileException(Path file, int line, String key, String problem) {
        this(file, line, key, problem, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param file the file, or {@code null}
     * @param line the 1-based line, or 0
     * @param key the option name, or {@code null}
     * @param problem what is wrong; must not contain the value
     * @param cause the underlying failure
     */
    public ConfigFileException(Path file, int line, String key, String problem, Throwable cause) {
        super(format(file, line, key, problem), cause);
        this.file = file;
        this.line = line;
        this.key = key;
    }

    private static String format(Path file, int line, String key, String problem) {
        StringBuilder b = new StringBuilder();
        if (file != null) {
            b.append(file);
            if (line > 0) {
                b.append(':').append(line);
            }
            b.append(": ");
        }
        if (key != null && !problem.contains("'" + key + "'")) {
            b.append("option '").append(key).append("' ");
        }
        return b.append(problem).toString();
    }

    /**
     * The file, if the configuration came from one.
     *
     * @return the file or {@code null}
     */
    public Path file() {
        return file;
    }

    /**
     * The line the problem is on.
     *
     * @return the 1-based line, or 0
     */
    public int line() {
        return line;
    }

    /**
     * The option at fault.
     *
     * @return the option name or {@code null}
     */
    public String key() {
        return key;
    }
}
