package io.glancestore.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.glancestore.location.Locations;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints results as aligned text or as JSON, on standard output, or on standard error when
 * standard output carries an image. Text shows every value {@link Locations#printable
 * printable}, so a name cannot move the cursor, reorder a line or fake another one; JSON is
 * ASCII with everything else escaped. A result that cannot be written (a closed pipe, a full
 * disk) fails the command instead of vanishing.
 */
public final class Output {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final OutputStream out;
    private final String name;
    private final boolean json;

    private Output(OutputStream out, String name, boolean json) {
        this.out = out;
        this.name = name;
        this.json = json;
    }

    /**
     * Results on standard output.
     *
     * @param json whether to print JSON
     * @return the output
     */
    public static Output stdout(boolean json) {
        return new Output(StdStreams.stdout(), "standard output", json);
    }

    /**
     * Results on standard error, for when standard output carries an image.
     *
     * @param json whether to print JSON
     * @return the output
     */
    public static Output stderr(boolean json) {
        return new Output(StdStreams.stderr(), "standard error", json);
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
            printJson(values);
            return;
        }
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> {
            if (v != null) {
                b.append(String.format("%-" + (width + 1) + "s %s", k + ":", Locations.printable(String.valueOf(v))))
                        .append('\n');
            }
        });
        write(b.toString());
    }

    /**
     * Prints rows: a table, or a JSON array.
     *
     * @param rows the rows, each with the same keys
     * @param columns the columns to show in text mode
     */
    public void table(List<? extends Map<String, ?>> rows, List<String> columns) {
        if (json) {
            printJson(rows);
            return;
        }
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).length();
            for (Map<String, ?> r : rows) {
                widths[i] = Math.max(widths[i], cell(r, columns.get(i)).length());
            }
        }
        StringBuilder b = new StringBuilder();
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            header.append(String.format("%-" + (widths[i] + 2) + "s", columns.get(i).toUpperCase(Locale.ROOT)));
        }
        b.append(header.toString().stripTrailing()).append('\n');
        for (Map<String, ?> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                line.append(String.format("%-" + (widths[i] + 2) + "s", cell(r, columns.get(i))));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        write(b.toString());
    }

    private static String cell(Map<String, ?> row, String column) {
        Object v = row.get(column);
        return v == null ? "-" : Locations.printable(String.valueOf(v));
    }

    /**
     * Prints text (not in JSON mode), each of its lines made printable.
     *
     * @param line the text, one line or several
     */
    public void text(String line) {
        if (!json) {
            StringBuilder b = new StringBuilder();
            for (String l : line.split("\n", -1)) {
                b.append(Locations.printable(l)).append('\n');
            }
            write(b.toString());
        }
    }

    /**
     * Prints a value as JSON, whatever the mode.
     *
     * @param value the value
     */
    public void printJson(Object value) {
        try {
            write(JSON.writeValueAsString(value) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
    }

    private void write(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "output_failed", "cannot write the result to " + name + ": "
                    + IoMessages.reason(e), e);
        }
    }
}
