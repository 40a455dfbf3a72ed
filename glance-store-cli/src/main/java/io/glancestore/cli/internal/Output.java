package io.glancestore.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Prints results as aligned text or as JSON. */
public final class Output {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final boolean json;

    /**
     * Creates an output.
     *
     * @param out where to print
     * @param json whether to print JSON
     */
    public Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /**
     * Whether this prints JSON.
     *
     * @return true for JSON
     */
    public boolean json() {
        return json;
    }

    /**
     * Prints one result: {@code key: value} lines, or a JSON object.
     *
     * @param values the fields, in order; values already masked
     */
    public void record(Map<String, ?> values) {
        if (json) {
            printJson(out, values);
        } else {
            int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
            values.forEach((k, v) -> {
                if (v != null) {
                    out.println(String.format("%-" + (width + 1) + "s %s", k + ":", v));
                }
            });
        }
        out.flush();
    }

    /**
     * Prints rows: a table, or a JSON array.
     *
     * @param rows the rows, each with the same keys
     * @param columns the columns to show in text mode
     */
    public void table(List<? extends Map<String, ?>> rows, List<String> columns) {
        if (json) {
            printJson(out, rows);
            return;
        }
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).length();
            for (Map<String, ?> r : rows) {
                widths[i] = Math.max(widths[i], String.valueOf(r.get(columns.get(i))).length());
            }
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            header.append(String.format("%-" + (widths[i] + 2) + "s", columns.get(i).toUpperCase(java.util.Locale.ROOT)));
        }
        out.println(header.toString().stripTrailing());
        for (Map<String, ?> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                line.append(String.format("%-" + (widths[i] + 2) + "s", r.get(columns.get(i))));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /**
     * Prints a line of text (not in JSON mode).
     *
     * @param line the text
     */
    public void text(String line) {
        if (!json) {
            out.println(line);
            out.flush();
        }
    }

    /**
     * Prints a value as JSON.
     *
     * @param out where
     * @param value the value
     */
    public static void printJson(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
        out.flush();
    }
}
