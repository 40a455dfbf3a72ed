package io.glancestore.config.internal;

import io.glancestore.config.ConfigFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what a reader finds questionable (unknown keys, ignored sections): warnings, or
 * errors in strict mode. Messages never carry values.
 */
public final class ProblemSink {

    private final boolean strict;
    private final List<String> warnings = new ArrayList<>();

    /**
     * Creates a sink.
     *
     * @param strict whether warnings are errors
     */
    public ProblemSink(boolean strict) {
        this.strict = strict;
    }

    /**
     * Reports a questionable but usable configuration.
     *
     * @param file the file
     * @param line the line, or 0
     * @param key the option, or {@code null}
     * @param problem what is questionable
     * @throws ConfigFileException in strict mode
     */
    public void warn(Path file, int line, String key, String problem) {
        ConfigFileException e = new ConfigFileException(file, line, key, problem);
        if (strict) {
            throw e;
        }
        warnings.add(e.getMessage());
    }

    /**
     * The warnings so far.
     *
     * @return the messages
     */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
