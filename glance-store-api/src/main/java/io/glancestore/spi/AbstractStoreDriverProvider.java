package io.glancestore.spi;

import io.glancestore.location.StoreLocation;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A provider made of what a driver declares: its type, its option list, its static check and its
 * factory, and, for a location type that lives with the driver, its schemes and parser. A driver's
 * provider passes these to the constructor and writes nothing else:
 *
 * <pre>{@code
 * public final class FileStoreProvider extends AbstractStoreDriverProvider {
 *     public FileStoreProvider() {
 *         super(FileStoreDriver.TYPE, FileStoreDriver.OPTIONS, FileStoreDriver::validate, FileStoreDriver::open);
 *     }
 * }
 * }</pre>
 *
 * <p>The {@link java.util.ServiceLoader} entry names the subclass, which keeps a public no-argument
 * constructor.
 */
public abstract class AbstractStoreDriverProvider implements StoreDriverProvider {

    private final String type;
    private final List<StoreOption<?>> options;
    private final Consumer<StoreOptions> validation;
    private final Function<StoreOptions, ? extends StoreDriver> factory;
    private final Set<String> locationSchemes;
    private final Function<String, ? extends StoreLocation> locationParser;

    /**
     * A provider whose locations are parsed by the API (a type in {@code io.glancestore.location}).
     *
     * @param type the store type
     * @param options every option the driver reads
     * @param validation the driver's static check of its options, throwing
     *     {@link io.glancestore.exception.BadStoreConfigurationException}
     * @param factory the driver's factory, which checks its options as {@code validation} does
     */
    protected AbstractStoreDriverProvider(String type, List<StoreOption<?>> options,
            Consumer<StoreOptions> validation, Function<StoreOptions, ? extends StoreDriver> factory) {
        this(type, options, validation, factory, Set.of(), null);
    }

    /**
     * A provider whose driver parses its own location schemes.
     *
     * @param type the store type
     * @param options every option the driver reads
     * @param validation the driver's static check of its options
     * @param factory the driver's factory
     * @param locationSchemes the schemes of the driver's locations, in lower case
     * @param locationParser parses a location of those schemes without configuration
     */
    protected AbstractStoreDriverProvider(String type, List<StoreOption<?>> options,
            Consumer<StoreOptions> validation, Function<StoreOptions, ? extends StoreDriver> factory,
            Collection<String> locationSchemes, Function<String, ? extends StoreLocation> locationParser) {
        this.type = Objects.requireNonNull(type, "type");
        this.options = List.copyOf(options);
        this.validation = Objects.requireNonNull(validation, "validation");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.locationSchemes = Set.copyOf(locationSchemes);
        this.locationParser = locationParser;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final List<StoreOption<?>> options() {
        return options;
    }

    @Override
    public final void validate(StoreOptions options) {
        validation.accept(options);
    }

    @Override
    public final StoreDriver create(StoreOptions options) {
        return factory.apply(options);
    }

    @Override
    public final Set<String> locationSchemes() {
        return locationSchemes;
    }

    @Override
    public final StoreLocation parseLocation(String uri) {
        return locationParser == null ? StoreDriverProvider.super.parseLocation(uri) : locationParser.apply(uri);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{type=" + type + ", options=" + options.size() + "}";
    }
}
