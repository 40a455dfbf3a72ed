package io.glancestore.config.internal;

import java.nio.file.Path;

/**
 * Where a value was set: a file and line, or a default (line 0) described by {@code note}.
 *
 * @param file the file, or {@code null} for code
 * @param line the 1-based line, 0 for none
 * @param note what set it when not a line, e.g. {@code Kolla default}
 */
public record Origin(Path file, int line, String note) {

    /**
     * An origin in a file.
     *
     * @param file the file
     * @param line the line
     * @return the origin
     */
    public static Origin at(Path file, int line) {
        return new Origin(file, line, null);
    }

    /**
     * A value nobody wrote: a default.
     *
     * @param note what chose it
     * @return the origin
     */
    public static Origin implied(String note) {
        return new Origin(null, 0, note);
    }

    @Override
    public String toString() {
        if (file == null) {
            return note == null ? "code" : note;
        }
        return line > 0 ? file + ":" + line : file.toString();
    }
}
