package io.glancestore.config.internal;

import io.glancestore.config.ConfigFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An oslo.config INI file (what Glance reads), parsed in one pass over its lines as oslo.config's
 * own parser does: {@code key = value} or {@code key: value} (split at the first of the two),
 * values stripped and unquoted when a matching quote starts and ends them, no inline comments
 * ({@code key = a #b} is {@code a #b}), lines starting with a blank continue the previous value
 * (joined with a new line) until a blank line, {@code #} and {@code ;} start comment lines. Every
 * value keeps its line for messages; a malformed line fails with its number.
 */
public final class IniDocument {

    /** One value of one key, with the line it was set on. */
    public record Entry(String value, int line) {
    }

    private final Path file;
    private final Map<String, Integer> sectionLines;
    private final Map<String, Map<String, List<Entry>>> sections;

    private IniDocument(Path file, Map<String, Integer> sectionLines, Map<String, Map<String, List<Entry>>> sections) {
        this.file = file;
        this.sectionLines = sectionLines;
        this.sections = sections;
    }

    /**
     * Reads and parses a file.
     *
     * @param file the file
     * @param maxBytes the largest file accepted
     * @return the document
     * @throws ConfigFileException if it cannot be read, is too large, is not UTF-8 or is malformed
     */
    public static IniDocument read(Path file, long maxBytes) {
        return parse(file, ConfigText.read(file, maxBytes));
    }

    /**
     * Parses text.
     *
     * @param file the file name used in messages
     * @param text the contents
     * @return the document
     * @throws ConfigFileException naming the first malformed line
     */
    public static IniDocument parse(Path file, String text) {
        Parser p = new Parser(file);
        int lineNo = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNo++;
            String line = text.substring(start, end);
            p.line(lineNo, line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            start = end + 1;
        }
        p.flush();
        Map<String, Map<String, List<Entry>>> sections = new LinkedHashMap<>();
        p.sections.forEach((name, keys) -> {
            Map<String, List<Entry>> frozen = new LinkedHashMap<>();
            keys.forEach((k, v) -> frozen.put(k, Collections.unmodifiableList(v)));
            sections.put(name, Collections.unmodifiableMap(frozen));
        });
        return new IniDocument(file, Collections.unmodifiableMap(p.sectionLines), Collections.unmodifiableMap(sections));
    }

    /** The state of one pass: the section, and the assignment whose value may still continue. */
    private static final class Parser {
        private final Path file;
        private final Map<String, Integer> sectionLines = new LinkedHashMap<>();
        private final Map<String, Map<String, List<Entry>>> sections = new LinkedHashMap<>();
        private Map<String, List<Entry>> section;
        private String key;
        private int keyLine;
        private StringBuilder value;

        Parser(Path file) {
            this.file = file;
        }

        void line(int lineNo, String raw) {
            String line = raw.stripTrailing();
            if (line.isEmpty()) {
                flush(); // a blank line ends a value that spans lines
                return;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (key == null) {
                    throw new ConfigFileException(file, lineNo, null,
                            "indented line continues no value (remove the leading blanks)");
                }
                value.append('\n').append(line.strip());
                return;
            }
            flush();
            char first = line.charAt(0);
            if (first == '[') {
                if (!line.endsWith("]") || line.substring(1, line.length() - 1).isBlank()
                        || line.substring(1, line.length() - 1).contains("[")) {
                    throw new ConfigFileException(file, lineNo, null, "malformed section header (expected [name])");
                }
                String name = line.substring(1, line.length() - 1).strip();
                sectionLines.putIfAbsent(name, lineNo);
                section = sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
            } else if (first == '#' || first == ';') {
                return;
            } else {
                assignment(lineNo, line);
            }
        }

        private void assignment(int lineNo, String line) {
            int colon = line.indexOf(':');
            int equal = line.indexOf('=');
            int sep = colon < 0 ? equal : equal < 0 ? colon : Math.min(colon, equal);
            if (sep < 0) {
                throw new ConfigFileException(file, lineNo, null, "expected 'key = value', a [section] or a comment");
            }
            String name = line.substring(0, sep).strip();
            if (name.isEmpty()) {
                throw new ConfigFileException(file, lineNo, null, "an option name is missing before '"
                        + line.charAt(sep) + "'");
            }
            if (section == null) {
                throw new ConfigFileException(file, lineNo, name,
                        "option outside of any section (start the file with [DEFAULT])");
            }
            key = name;
            keyLine = lineNo;
            value = new StringBuilder(line.substring(sep + 1).strip());
        }

        void flush() {
            if (key == null) {
                return;
            }
            String v = value.toString();
            // oslo.config unquotes a value that a matching quote starts and ends.
            if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
                v = v.substring(1, v.length() - 1);
            }
            section.computeIfAbsent(key, k -> new ArrayList<>()).add(new Entry(v, keyLine));
            key = null;
            value = null;
        }
    }

    /**
     * The file this was read from.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Whether the file has a section.
     *
     * @param name the section name
     * @return true if present
     */
    public boolean hasSection(String name) {
        return sections.containsKey(name);
    }

    /**
     * Section names in file order.
     *
     * @return the names
     */
    public Iterable<String> sectionNames() {
        return sections.keySet();
    }

    /**
     * Line of a section header.
     *
     * @param name the section
     * @return the line, 0 if absent
     */
    public int sectionLine(String name) {
        return sectionLines.getOrDefault(name, 0);
    }

    /**
     * The keys of a section with every value they were given.
     *
     * @param name the section
     * @return key to entries, empty if the section is absent
     */
    public Map<String, List<Entry>> section(String name) {
        return sections.getOrDefault(name, Map.of());
    }

    /**
     * The last value of a key (oslo.config: a repeated single-valued option keeps the last one).
     *
     * @param section the section
     * @param key the key
     * @return the entry, if set
     */
    public Optional<Entry> last(String section, String key) {
        List<Entry> entries = section(section).get(key);
        return entries == null || entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }
}
