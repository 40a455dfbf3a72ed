package io.glancestore.config;

import io.glancestore.config.internal.KnownOptions;
import io.glancestore.config.internal.Secrets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One backend of a {@link GlanceConfig}: its id, Glance store type, weight and options with
 * Glance's names, exactly as they will be handed to the driver of that type. Option values may
 * be secrets: {@link #toString()} and {@link #displayOptions()} show only the values of options
 * that the type's driver declares and not as secrets.
 */
public final class BackendConfig {

    private final String id;
    private final String type;
    private final Map<String, String> options;
    private final int weight;
    private final KnownOptions known;

    /**
     * Creates a backend configuration.
     *
     * @param id the backend id ({@code fast} in {@code enabled_backends = fast:file})
     * @param type the Glance store type: {@code file}, {@code rbd}, {@code swift}, {@code vmware}, ...
     * @param options the options by Glance name
     * @param weight the weight; higher is preferred for reads
     */
    public BackendConfig(String id, String type, Map<String, String> options, int weight) {
        this(id, type, options, weight, KnownOptions.installed());
    }

    /** A backend whose options are shown as the drivers found by a configuration's loader declare them. */
    BackendConfig(String id, String type, Map<String, String> options, int weight, KnownOptions known) {
        this.id = Objects.requireNonNull(id, "id");
        this.type = Objects.requireNonNull(type, "type");
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        this.weight = weight;
        this.known = Objects.requireNonNull(known, "known");
    }

    /**
     * The backend id.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The Glance store type.
     *
     * @return the type
     */
    public String type() {
        return type;
    }

    /**
     * The options, unmasked: hand them to a driver, never show them.
     *
     * @return option values by Glance name
     */
    public Map<String, String> options() {
        return options;
    }

    /**
     * The options fit to show: the values of secrets ({@code *_password}, {@code *_key}, options
     * the driver declares secret) and of options the driver does not read (a misspelt secret is
     * one) masked, and credentials inside URIs masked.
     *
     * @return option values by name, sorted, masked
     */
    public Map<String, String> displayOptions() {
        Map<String, String> shown = new TreeMap<>();
        options.forEach((k, v) -> shown.put(k, Secrets.display(known, type, k, v)));
        return shown;
    }

    /**
     * The weight.
     *
     * @return the weight, 0 unless set
     */
    public int weight() {
        return weight;
    }

    @Override
    public String toString() {
        return "BackendConfig{id=" + id + ", type=" + type + ", weight=" + weight + ", options="
                + displayOptions() + "}";
    }
}
