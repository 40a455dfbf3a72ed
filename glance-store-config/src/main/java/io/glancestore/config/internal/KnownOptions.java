package io.glancestore.config.internal;

import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOption;
import io.glancestore.support.DriverDiscovery;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The options each store type reads, asked of the drivers' providers on the class path (the
 * same definitions the drivers read their values through), so that bad values are caught while
 * reading the file, at their line, before any driver is created, and unknown keys are named.
 * Types without a provider here (cinder, http, ...) are not checked. Also the few options
 * that Glance itself reads: a backend's {@code weight} and {@code store_description}, and the
 * kinds of its image cache options.
 */
public final class KnownOptions {

    /** The kind of value one of Glance's own options takes. */
    public enum Kind {
        /** Any text. */
        STRING,
        /** A whole number. */
        INTEGER,
        /** A number, possibly with a fraction (oslo FloatOpt). */
        FLOAT
    }

    /** Options every backend section may carry in multi-store mode: Glance's, not the driver's. */
    public static final Map<String, StoreOption<?>> COMMON = Map.of(
            "weight", StoreOption.integer("weight", 0, Integer.MIN_VALUE, Integer.MAX_VALUE)
                    .describedAs("preference of the backend for reads"),
            "store_description", StoreOption.optionalString("store_description")
                    .describedAs("what the backend is, for people"));

    private final Map<String, Map<String, StoreOption<?>>> byType;

    /** The drivers on this library's own class path, found once when first asked for. */
    private static final class Installed {
        static final KnownOptions OPTIONS = discover(KnownOptions.class.getClassLoader());
    }

    private KnownOptions(Map<String, Map<String, StoreOption<?>>> byType) {
        this.byType = byType;
    }

    /**
     * The options of the drivers found through a class loader.
     *
     * @param classLoader where to look for {@link StoreDriverProvider}s
     * @return the catalogue
     */
    public static KnownOptions discover(ClassLoader classLoader) {
        Map<String, Map<String, StoreOption<?>>> byType = new LinkedHashMap<>();
        for (StoreDriverProvider p : DriverDiscovery.loadable(classLoader)) {
            Map<String, StoreOption<?>> options = new LinkedHashMap<>();
            for (StoreOption<?> o : p.options()) {
                options.put(o.name(), o);
            }
            byType.putIfAbsent(p.type(), Collections.unmodifiableMap(options));
        }
        return new KnownOptions(Collections.unmodifiableMap(byType));
    }

    /**
     * The options of the drivers on this library's own class path.
     *
     * @return the catalogue, found once
     */
    public static KnownOptions installed() {
        return Installed.OPTIONS;
    }

    /**
     * Whether a value of a backend's option may be shown to people. Only when the type's driver
     * (or Glance) declares the option and not as a secret, and its name does not say secret
     * either: an option nobody reads may be a misspelt password ({@code swift_store_kye}), so its
     * value is hidden too. For a type without a driver here, only the name can tell.
     *
     * @param type the backend's store type
     * @param key the option name
     * @return true if the value may be shown (credentials inside URIs still masked)
     */
    public boolean mayShow(String type, String key) {
        if (Secrets.isSecret(key)) {
            return false;
        }
        if (!byType.containsKey(type)) {
            return true;
        }
        return of(type, key).map(o -> !o.isSecret()).orElse(false);
    }

    /**
     * The options of a store type, {@link #COMMON} not included.
     *
     * @param type the Glance store type
     * @return the options by name, empty when no driver of this type is here
     */
    public Optional<Map<String, StoreOption<?>>> forType(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /**
     * The definition of an option of a type, or a common one.
     *
     * @param type the store type
     * @param key the option name
     * @return the definition, if the type's driver (or Glance) declares it
     */
    public Optional<StoreOption<?>> of(String type, String key) {
        StoreOption<?> own = byType.getOrDefault(type, Map.of()).get(key);
        return Optional.ofNullable(own != null ? own : COMMON.get(key));
    }

    /**
     * The definition of a store option of any type, or a common one.
     *
     * @param key the option name
     * @return the definition, if some driver here (or Glance) declares it
     */
    public Optional<StoreOption<?>> anyType(String key) {
        if (COMMON.containsKey(key)) {
            return Optional.of(COMMON.get(key));
        }
        for (Map<String, StoreOption<?>> options : byType.values()) {
            if (options.containsKey(key)) {
                return Optional.of(options.get(key));
            }
        }
        return Optional.empty();
    }

    /**
     * The type whose driver declares an option.
     *
     * @param key the option name
     * @return the type, if any
     */
    public Optional<String> typeOf(String key) {
        for (Map.Entry<String, Map<String, StoreOption<?>>> e : byType.entrySet()) {
            if (e.getValue().containsKey(key)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /**
     * The store types with a driver here.
     *
     * @return the types
     */
    public List<String> types() {
        return List.copyOf(byType.keySet());
    }

    /**
     * Checks a value of one of Glance's own options against its kind, as oslo.config would.
     *
     * @param kind the kind
     * @param value the raw value
     * @return a problem description, or empty when the value is fine
     */
    public static Optional<String> check(Kind kind, String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        switch (kind) {
            case INTEGER:
                return problemParsing(v, Long::parseLong, "must be an integer");
            case FLOAT:
                return problemParsing(v, Double::parseDouble, "must be a number");
            default:
                return Optional.empty();
        }
    }

    /** The problem when the parser refuses the value, else empty. */
    private static Optional<String> problemParsing(String value, Consumer<String> parser, String problem) {
        try {
            parser.accept(value);
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of(problem);
        }
    }
}
