package io.glancestore.config.internal;

import io.glancestore.config.ConfigFileException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.configuration2.INIConfiguration;
import org.apache.commons.configuration2.SubnodeConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.DefaultExpressionEngine;
import org.apache.commons.configuration2.tree.DefaultExpressionEngineSymbols;

/**
 * An oslo.config style INI file (what Glance reads): values come from commons-configuration2's
 * INI parser; a light pass over the lines beforehand adds what it lacks for us: line numbers for
 * messages, a syntax check that names the bad line, and oslo's indented continuation lines
 * (turned into the parser's backslash continuation, so a value can span lines).
 */
public final class IniDocument {

    private static final Pattern SECTION = Pattern.compile("^\\[([^\\[\\]]*)\\]\\s*$");
    private static final Pattern INLINE_COMMENT = Pattern.compile("\\s[#;]");
    private static final Pattern KEY = Pattern.compile("^([^=:\\s\\[][^=:]*?)\\s*[=:].*$");

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
     * @return the document
     * @throws ConfigFileException if it cannot be read or is malformed
     */
    public static IniDocument read(Path file) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigFileException(file, 0, null, "file not found");
        } catch (CharacterCodingException e) {
            throw new ConfigFileException(file, 0, null, "not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigFileException(file, 0, null, "cannot be read: " + e.getClass().getSimpleName());
        }
        return parse(file, text);
    }

    /**
     * Parses text.
     *
     * @param file the file name used in messages
     * @param text the contents
     * @return the document
     */
    public static IniDocument parse(Path file, String text) {
        String[] lines = text.split("\r?\n", -1);
        StringBuilder forParser = new StringBuilder(text.length() + 64);
        Map<String, Integer> sectionLines = new LinkedHashMap<>();
        // section -> key -> line numbers of each assignment, in order
        Map<String, Map<String, List<Integer>>> keyLines = new LinkedHashMap<>();
        String section = null;
        int lastKeyLine = -1; // index into forParser lines of the last key line, for continuations
        List<String> out = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = lines[i];
            String trimmed = raw.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                out.add(trimmed.isEmpty() ? "" : "#");
                if (trimmed.isEmpty()) {
                    lastKeyLine = -1;
                }
                continue;
            }
            if (Character.isWhitespace(raw.charAt(0)) && lastKeyLine >= 0) {
                // oslo.config: an indented line continues the previous value.
                out.set(lastKeyLine, out.get(lastKeyLine) + " \\");
                out.add(trimmed);
                lastKeyLine = out.size() - 1;
                continue;
            }
            if (trimmed.startsWith("[")) {
                Matcher m = SECTION.matcher(trimmed);
                if (!m.matches() || m.group(1).isBlank()) {
                    throw new ConfigFileException(file, lineNo, null, "malformed section header (expected [name])");
                }
                section = m.group(1).strip();
                if (sectionLines.putIfAbsent(section, lineNo) == null) {
                    keyLines.put(section, new LinkedHashMap<>());
                }
                out.add("[" + section + "]");
                lastKeyLine = -1;
                continue;
            }
            Matcher m = KEY.matcher(trimmed);
            if (!m.matches()) {
                throw new ConfigFileException(file, lineNo, null, "expected 'key = value', a [section] or a comment");
            }
            if (section == null) {
                throw new ConfigFileException(file, lineNo, m.group(1).strip(),
                        "option outside of any section (start the file with [DEFAULT])");
            }
            String key = m.group(1).strip();
            keyLines.get(section).computeIfAbsent(key, k -> new ArrayList<>()).add(lineNo);
            out.add(protectInlineHashes(trimmed, m.group(1).length()));
            lastKeyLine = out.size() - 1;
        }
        for (String l : out) {
            forParser.append(l).append('\n');
        }

        INIConfiguration ini = new INIConfiguration();
        // Keys are plain names: no dots or brackets as path syntax.
        ini.setExpressionEngine(new DefaultExpressionEngine(new DefaultExpressionEngineSymbols.Builder(
                DefaultExpressionEngineSymbols.DEFAULT_SYMBOLS)
                .setPropertyDelimiter("\u0000").setIndexStart("\u0001").setIndexEnd("\u0002")
                .setAttributeStart("\u0003").setAttributeEnd("\u0004").create()));
        try {
            ini.read(new StringReader(forParser.toString()));
        } catch (ConfigurationException | IOException e) {
            throw new ConfigFileException(file, 0, null, "cannot be parsed: " + e.getMessage());
        }

        Map<String, Map<String, List<Entry>>> sections = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, List<Integer>>> s : keyLines.entrySet()) {
            SubnodeConfiguration sub = ini.getSection(s.getKey());
            Map<String, List<Entry>> values = new LinkedHashMap<>();
            for (Map.Entry<String, List<Integer>> k : s.getValue().entrySet()) {
                List<Object> parsed = sub.getList(k.getKey(), List.of());
                List<Integer> at = k.getValue();
                List<Entry> entries = new ArrayList<>();
                for (int i = 0; i < at.size(); i++) {
                    Object v = i < parsed.size() ? parsed.get(i) : "";
                    entries.add(new Entry(v == null ? "" : v.toString(), at.get(i)));
                }
                values.put(k.getKey(), Collections.unmodifiableList(entries));
            }
            sections.put(s.getKey(), Collections.unmodifiableMap(values));
        }
        return new IniDocument(file, Collections.unmodifiableMap(sectionLines), Collections.unmodifiableMap(sections));
    }

    /**
     * oslo.config has no inline comments: {@code key = abc #def} means {@code abc #def}. The
     * library would cut the value at {@code " #"} (silently truncating a password, say), so such
     * a value is handed to it quoted, which it unquotes as oslo does.
     */
    private static String protectInlineHashes(String line, int keyLength) {
        int sep = keyLength;
        while (sep < line.length() && line.charAt(sep) != '=' && line.charAt(sep) != ':') {
            sep++;
        }
        String value = line.substring(sep + 1).strip();
        if (!INLINE_COMMENT.matcher(value).find() || value.startsWith("\"") || value.startsWith("'")) {
            return line;
        }
        char quote = value.indexOf('"') < 0 ? '"' : value.indexOf('\'') < 0 ? '\'' : 0;
        return quote == 0 ? line : line.substring(0, sep + 1) + " " + quote + value + quote;
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
