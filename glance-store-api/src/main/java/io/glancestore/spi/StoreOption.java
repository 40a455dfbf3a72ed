package io.glancestore.spi;

import io.glancestore.exception.BadStoreConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One option a store driver reads, declared once: its Glance name, the kind of value, the
 * default, the check of a single value, and whether the value is a secret. A driver reads each of
 * its options only through its definition ({@link #read(StoreOptions)}), and its provider lists
 * the definitions ({@link StoreDriverProvider#options()}), so configuration tools know and check
 * exactly the options the driver reads, at the line they were written on, without creating it.
 *
 * <pre>{@code
 * static final StoreOption<Long> CHUNK_SIZE = StoreOption.integer("filesystem_store_chunk_size", 65536, 1,
 *         Integer.MAX_VALUE).describedAs("read buffer and thin-provisioning granularity, bytes");
 * long chunk = CHUNK_SIZE.read(options);
 * }</pre>
 *
 * <p>Values are read as oslo.config reads them: surrounding blanks are dropped and a blank value
 * counts as unset. Problems never quote the value (it may be a secret). Immutable.
 *
 * @param <T> the type of the value read
 */
public final class StoreOption<T> {

    /** The kind of value an option takes, as oslo.config types it. */
    public enum Kind {
        /** Any text. */
        STRING,
        /** A whole number (oslo IntOpt). */
        INTEGER,
        /** {@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0} (oslo BoolOpt). */
        BOOLEAN,
        /** Items separated by commas (oslo ListOpt); with {@link #repeatable()}, one per line. */
        LIST
    }

    private final String name;
    private final Kind kind;
    private final String defaultText;
    private final boolean secret;
    private final boolean repeatable;
    private final String description;
    private final Function<String, Optional<String>> kindCheck;
    private final Function<String, Optional<String>> rule;
    private final Function<Optional<String>, T> parser;

    private StoreOption(String name, Kind kind, String defaultText, boolean secret, boolean repeatable,
            String description, Function<String, Optional<String>> kindCheck, Function<String, Optional<String>> rule,
            Function<Optional<String>, T> parser) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
        this.defaultText = defaultText;
        this.secret = secret;
        this.repeatable = repeatable;
        this.description = description;
        this.kindCheck = kindCheck;
        this.rule = rule;
        this.parser = parser;
    }

    /**
     * A text option with a default.
     *
     * @param name the Glance option name
     * @param defaultValue the value when unset
     * @return the definition
     */
    public static StoreOption<String> string(String name, String defaultValue) {
        Objects.requireNonNull(defaultValue, "defaultValue");
        return new StoreOption<>(name, Kind.STRING, defaultValue, false, false, "", v -> Optional.empty(),
                v -> Optional.empty(), raw -> raw.orElse(defaultValue));
    }

    /**
     * A text option without a default.
     *
     * @param name the Glance option name
     * @return the definition; its value is empty when unset
     */
    public static StoreOption<Optional<String>> optionalString(String name) {
        return new StoreOption<>(name, Kind.STRING, null, false, false, "", v -> Optional.empty(),
                v -> Optional.empty(), raw -> raw);
    }

    /**
     * A whole-number option.
     *
     * @param name the Glance option name
     * @param defaultValue the value when unset
     * @param min the smallest value accepted
     * @param max the largest value accepted
     * @return the definition
     */
    public static StoreOption<Long> integer(String name, long defaultValue, long min, long max) {
        Function<String, Optional<String>> check = v -> {
            long value;
            try {
                value = Long.parseLong(v);
            } catch (NumberFormatException e) {
                return Optional.of("must be an integer");
            }
            return value < min || value > max ? Optional.of("must be between " + min + " and " + max)
                    : Optional.empty();
        };
        return new StoreOption<>(name, Kind.INTEGER, Long.toString(defaultValue), false, false, "", check,
                v -> Optional.empty(), raw -> raw.map(Long::parseLong).orElse(defaultValue));
    }

    /**
     * A boolean option, spelled as oslo.config accepts it.
     *
     * @param name the Glance option name
     * @param defaultValue the value when unset
     * @return the definition
     */
    public static StoreOption<Boolean> bool(String name, boolean defaultValue) {
        return new StoreOption<>(name, Kind.BOOLEAN, Boolean.toString(defaultValue), false, false, "",
                v -> parseBoolean(v).isPresent() ? Optional.empty() : Optional.of("must be true or false"),
                v -> Optional.empty(), raw -> raw.map(v -> parseBoolean(v).orElseThrow()).orElse(defaultValue));
    }

    /**
     * A list option: items separated by commas or new lines (a repeated option's values are
     * joined by new lines), blank items dropped.
     *
     * @param name the Glance option name
     * @return the definition; its value is empty when unset
     */
    public static StoreOption<List<String>> list(String name) {
        return new StoreOption<>(name, Kind.LIST, null, false, false, "", v -> Optional.empty(),
                v -> Optional.empty(), raw -> raw.map(StoreOption::items).orElse(List.of()));
    }

    /**
     * The same option, its value a secret: never shown, never logged.
     *
     * @return the definition
     */
    public StoreOption<T> secret() {
        return new StoreOption<>(name, kind, defaultText, true, repeatable, description, kindCheck, rule, parser);
    }

    /**
     * The same option, which may be written several times, each occurrence adding items (oslo
     * MultiStrOpt, such as {@code filesystem_store_datadirs}). Only for lists.
     *
     * @return the definition
     * @throws IllegalStateException if this is not a list option
     */
    public StoreOption<T> repeatable() {
        if (kind != Kind.LIST) {
            throw new IllegalStateException("only list options can be repeated: " + name);
        }
        return new StoreOption<>(name, kind, defaultText, secret, true, description, kindCheck, rule, parser);
    }

    /**
     * The same option with a description for people (configuration tools show it).
     *
     * @param text what the option does, in a few words
     * @return the definition
     */
    public StoreOption<T> describedAs(String text) {
        return new StoreOption<>(name, kind, defaultText, secret, repeatable, Objects.requireNonNull(text, "text"),
                kindCheck, rule, parser);
    }

    /**
     * The same option with one more check of each value (of each item, for lists), run after the
     * check of its kind. The check answers a problem such as {@code "must be octal digits"},
     * which must not quote the value, or empty when the value is fine.
     *
     * @param check the check of one stripped, non-blank value or item
     * @return the definition
     */
    public StoreOption<T> validatedBy(Function<String, Optional<String>> check) {
        Objects.requireNonNull(check, "check");
        Function<String, Optional<String>> both = v -> {
            Optional<String> first = rule.apply(v);
            return first.isPresent() ? first : check.apply(v);
        };
        return new StoreOption<>(name, kind, defaultText, secret, repeatable, description, kindCheck, both, parser);
    }

    /**
     * The option's Glance name.
     *
     * @return the name, e.g. {@code filesystem_store_datadir}
     */
    public String name() {
        return name;
    }

    /**
     * The kind of value.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The value used when the option is unset, as it would be written.
     *
     * @return the default, empty when there is none
     */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultText);
    }

    /**
     * Whether the value is a secret.
     *
     * @return true for passwords, keys and the like
     */
    public boolean isSecret() {
        return secret;
    }

    /**
     * Whether each occurrence of the option adds items.
     *
     * @return true for oslo MultiStrOpt options
     */
    public boolean isRepeatable() {
        return repeatable;
    }

    /**
     * What the option does.
     *
     * @return the description, empty if none was given
     */
    public String description() {
        return description;
    }

    /**
     * Checks one value as written (one occurrence of a repeatable option) against the kind and
     * the option's own checks, as {@link #read} would. Combinations of options are the
     * provider's {@link StoreDriverProvider#validate} to check.
     *
     * @param raw the value as written
     * @return what is wrong with it (never quoting it), or empty when it is fine or blank
     */
    public Optional<String> check(String raw) {
        String value = raw == null ? "" : raw.strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (kind == Kind.LIST) {
            for (String item : items(value)) {
                Optional<String> problem = rule.apply(item);
                if (problem.isPresent()) {
                    return problem;
                }
            }
            return Optional.empty();
        }
        Optional<String> problem = kindCheck.apply(value);
        return problem.isPresent() ? problem : rule.apply(value);
    }

    /**
     * Reads the option's value.
     *
     * @param options the backend's options
     * @return the value, or the default when unset
     * @throws BadStoreConfigurationException naming the option and the source, not the value, if
     *     the value is not acceptable
     */
    public T read(StoreOptions options) {
        Optional<String> raw = options.string(name);
        if (raw.isPresent()) {
            Optional<String> problem = check(raw.get());
            if (problem.isPresent()) {
                throw options.invalid(name, problem.get());
            }
        }
        return parser.apply(raw);
    }

    /** Booleans as oslo.config spells them. */
    static Optional<Boolean> parseBoolean(String value) {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
                return Optional.of(Boolean.TRUE);
            case "false": case "no": case "off": case "0":
                return Optional.of(Boolean.FALSE);
            default:
                return Optional.empty();
        }
    }

    /** The items of a list value: split at commas and new lines, stripped, blanks dropped. */
    static List<String> items(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split("[,\n]")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    @Override
    public String toString() {
        return "StoreOption{" + name + ", " + kind.name().toLowerCase(Locale.ROOT)
                + (defaultText == null ? "" : secret ? ", default ***" : ", default " + defaultText)
                + (secret ? ", secret" : "") + (repeatable ? ", repeatable" : "") + "}";
    }
}
