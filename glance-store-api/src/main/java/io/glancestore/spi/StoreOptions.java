package io.glancestore.spi;

import io.glancestore.exception.BadStoreConfigurationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The options of one backend, keyed by Glance's option names ({@code filesystem_store_datadir},
 * {@code rbd_store_pool}, ...), with typed getters whose errors name the key and where it came
 * from. Values are never included in messages, since some are secrets. Keys that no getter
 * asked for can be listed with {@link #unusedKeys()} to report typos.
 */
public final class StoreOptions {

    private final String storeId;
    private final String source;
    private final Map<String, String> values;
    private final Set<String> used = ConcurrentHashMap.newKeySet();

    private StoreOptions(String storeId, String source, Map<String, String> values) {
        this.storeId = Objects.requireNonNull(storeId, "storeId");
        this.source = Objects.requireNonNull(source, "source");
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Options of a backend.
     *
     * @param storeId the backend id
     * @param values option values by Glance option name
     * @return the options
     */
    public static StoreOptions of(String storeId, Map<String, String> values) {
        return new StoreOptions(storeId, "backend '" + storeId + "'", values);
    }

    /**
     * Options of a backend read from a named source, named in error messages.
     *
     * @param storeId the backend id
     * @param source where the values came from, e.g. {@code glance-api.conf [fast]}
     * @param values option values by Glance option name
     * @return the options
     */
    public static StoreOptions of(String storeId, String source, Map<String, String> values) {
        return new StoreOptions(storeId, source, values);
    }

    /**
     * The backend id these options configure.
     *
     * @return the id
     */
    public String storeId() {
        return storeId;
    }

    /**
     * A string option.
     *
     * @param key the option name
     * @return the value, absent when unset or blank
     */
    public Optional<String> string(String key) {
        used.add(key);
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * A string option with a default.
     *
     * @param key the option name
     * @param defaultValue used when unset
     * @return the value
     */
    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    /**
     * A string option that must be set.
     *
     * @param key the option name
     * @return the value
     * @throws BadStoreConfigurationException if unset
     */
    public String required(String key) {
        return string(key).orElseThrow(() -> invalid(key, "is required"));
    }

    /**
     * A comma-separated list option (also accepts repeated values joined by newlines).
     *
     * @param key the option name
     * @return the items, trimmed, without empty ones; empty when unset
     */
    public List<String> list(String key) {
        return string(key).map(StoreOption::items).orElseGet(ArrayList::new);
    }

    /**
     * An integer option.
     *
     * @param key the option name
     * @param defaultValue used when unset
     * @param min smallest accepted value
     * @param max largest accepted value
     * @return the value
     * @throws BadStoreConfigurationException if not an integer or out of range
     */
    public long integer(String key, long defaultValue, long min, long max) {
        Optional<String> raw = string(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw invalid(key, "must be an integer");
        }
        if (value < min || value > max) {
            throw invalid(key, "must be between " + min + " and " + max);
        }
        return value;
    }

    /**
     * A boolean option, accepting what oslo.config accepts ({@code true/false}, {@code yes/no},
     * {@code on/off}, {@code 1/0}).
     *
     * @param key the option name
     * @param defaultValue used when unset
     * @return the value
     * @throws BadStoreConfigurationException if not a boolean
     */
    public boolean bool(String key, boolean defaultValue) {
        Optional<String> raw = string(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return StoreOption.parseBoolean(raw.get()).orElseThrow(() -> invalid(key, "must be true or false"));
    }

    /**
     * Keys that were set but never asked for: probably typos or options of another driver.
     *
     * @return the unused keys, sorted
     */
    public Set<String> unusedKeys() {
        Set<String> unused = new TreeSet<>(values.keySet());
        unused.removeAll(used);
        return unused;
    }

    /**
     * Builds the error for a bad value of a key, naming the key and the source, never the value.
     *
     * @param key the option name
     * @param problem what is wrong, e.g. {@code must be an integer}
     * @return the exception to throw
     */
    public BadStoreConfigurationException invalid(String key, String problem) {
        return new BadStoreConfigurationException(source + ": option '" + key + "' " + problem);
    }

    @Override
    public String toString() {
        return "StoreOptions{" + source + ", keys=" + new TreeSet<>(values.keySet()) + "}";
    }
}
