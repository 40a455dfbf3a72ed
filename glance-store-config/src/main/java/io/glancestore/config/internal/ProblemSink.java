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

    /** Warnings kept; a file with thousands of unknown keys needs no thousand lines to say so. */
    static final int MAX_WARNINGS = 100;

    private final boolean strict;
    private final List<String> warnings = new ArrayList<>();
    private int dropped;

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
        if (strict) {
            throw new ConfigFileException(file, line, key, problem);
        }
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(new ConfigFileException(file, line, key, problem).getMessage());
        } else {
            dropped++;
        }
    }

    /**
     * The warnings so far: the first {@value #MAX_WARNINGS}, then how many more there were.
     *
     * @return the messages
     */
    public List<String> warnings() {
        if (dropped == 0) {
            return List.copyOf(warnings);
        }
        List<String> all = new ArrayList<>(warnings);
        all.add("... and " + dropped + " more warnings like these");
        return List.copyOf(all);
    }
}
