package io.glancestore.spi;

import io.glancestore.ImageStore;
import io.glancestore.ImageStores;
import io.glancestore.support.HashAlgorithms;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of every driver's store builder ({@code FileStore.builder()},
 * {@code RbdStore.builder()}, ...): it holds what all stores are configured with (the backend id,
 * the default hash algorithm, and options by their glance_store names) and builds every store the
 * same way, so a driver's builder adds only its typed setters and names its own driver factory.
 *
 * <p>The type parameters let each setter return the driver's own builder type, so setters of the
 * base and of the driver chain in any order:
 *
 * <pre>{@code
 * public static final class Builder extends StoreBuilder<Builder, FileStore> {
 *     private Builder() { super(FileStoreDriver.TYPE, FileStoreDriver::open, FileStore::new); }
 *     public Builder chunkSize(int bytes) { return option(FileStoreDriver.CHUNK_SIZE, bytes); }
 * }
 * }</pre>
 *
 * <p>A builder that opens its driver in some other way (with a setting that is not an option,
 * say) starts with {@link #StoreBuilder(String)} and overrides {@link #buildStore} instead.
 *
 * <p>A typed setter writes the same option a {@code glance-api.conf} would, through the
 * driver's own {@link StoreOption} definition, so the driver reads and checks every value in one
 * place whichever way it was set. Not thread-safe; a builder can build several stores.
 *
 * @param <B> the driver's builder type, returned by every setter
 * @param <S> the store type it builds
 */
public abstract class StoreBuilder<B extends StoreBuilder<B, S>, S extends ImageStore> {

    private static final Logger LOG = LoggerFactory.getLogger(StoreBuilder.class);

    private final String type;
    private final Map<String, String> options = new LinkedHashMap<>();
    private String id;
    private String hashAlgorithm;
    private Function<StoreOptions, S> factory;

    /**
     * Starts a builder whose store id defaults to the store type; the subclass overrides
     * {@link #buildStore}.
     *
     * @param type the driver's store type, e.g. {@code file}
     */
    protected StoreBuilder(String type) {
        this.type = Objects.requireNonNull(type, "type");
        this.id = type;
    }

    /**
     * Starts a builder whose store id defaults to the store type and whose {@link #buildStore}
     * opens the driver with its factory and wraps it, through {@link #imageStore}, in the
     * driver's store type.
     *
     * @param type the driver's store type, e.g. {@code file}
     * @param open the driver's factory, which reads and checks its options
     * @param wrap the store type's constructor, from the API layer over the driver and the driver
     *     itself (for the store's own accessors)
     * @param <D> the driver type
     */
    protected <D extends StoreDriver> StoreBuilder(String type, Function<StoreOptions, ? extends D> open,
            BiFunction<ImageStore, ? super D, ? extends S> wrap) {
        this(type);
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(wrap, "wrap");
        this.factory = options -> {
            D driver = open.apply(options);
            return wrap.apply(imageStore(driver), driver);
        };
    }

    /**
     * Sets the store id (the backend id in a multi-store configuration).
     *
     * @param id the id; default the store type
     * @return this builder
     */
    public final B id(String id) {
        this.id = Objects.requireNonNull(id, "id");
        return self();
    }

    /**
     * Sets the default multihash algorithm (Glance's {@code hashing_algorithm}).
     *
     * @param algorithm a Glance or JDK name; default {@code sha512}
     * @return this builder
     */
    public final B hashAlgorithm(String algorithm) {
        this.hashAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
        return self();
    }

    /**
     * Sets an option by its glance_store name, as it would appear in a {@code glance-api.conf}.
     *
     * @param name the option name, e.g. {@code filesystem_store_datadir}
     * @param value its value
     * @return this builder
     */
    public final B option(String name, String value) {
        options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return self();
    }

    /**
     * Sets one of the driver's declared options; what typed setters call.
     *
     * @param option the definition
     * @param value the value, written as its {@code toString()}
     * @return this builder
     */
    protected final B option(StoreOption<?> option, Object value) {
        return option(option.name(), String.valueOf(Objects.requireNonNull(value, "value")));
    }

    /**
     * Adds one occurrence of a repeatable option (oslo MultiStrOpt), as a {@code glance-api.conf}
     * that writes the option again would.
     *
     * @param option the definition, which must be repeatable
     * @param item the value of this occurrence
     * @return this builder
     * @throws IllegalArgumentException if the option is not repeatable
     */
    protected final B addOption(StoreOption<?> option, String item) {
        if (!option.isRepeatable()) {
            throw new IllegalArgumentException("option " + option.name() + " is not repeatable");
        }
        options.merge(option.name(), Objects.requireNonNull(item, "item"), (a, b) -> a + "\n" + b);
        return self();
    }

    /**
     * Creates the store: checks the hash algorithm, lets the driver read and check its options and
     * open, and warns about options nobody read (probably typos).
     *
     * @return the store
     * @throws io.glancestore.exception.BadStoreConfigurationException if an option is invalid
     * @throws io.glancestore.exception.UnknownHashingAlgoException if the hash algorithm is unknown
     */
    public final S build() {
        if (hashAlgorithm != null) {
            HashAlgorithms.resolve(hashAlgorithm);
        }
        StoreOptions storeOptions = StoreOptions.of(id, type + " store '" + id + "'", options);
        S store = buildStore(storeOptions);
        for (String unused : storeOptions.unusedKeys()) {
            LOG.warn("{} store '{}': unknown option '{}' ignored", type, id, unused);
        }
        return store;
    }

    /**
     * Opens the driver with its own factory and wraps it, through {@link #imageStore}, in the
     * driver's store type. Called once per {@link #build()}. This implementation uses the factory
     * and constructor given to {@link #StoreBuilder(String, Function, BiFunction)}; a builder
     * started with {@link #StoreBuilder(String)} overrides it.
     *
     * @param options the options set on this builder, under the store id
     * @return the store
     * @throws IllegalStateException if the builder was given no factory and does not override this
     */
    protected S buildStore(StoreOptions options) {
        if (factory == null) {
            throw new IllegalStateException(getClass().getName() + " names no driver factory and does not"
                    + " override buildStore");
        }
        return factory.apply(options);
    }

    /**
     * The API layer (hashing, verification, errors, {@code store=<id>} metadata) over a driver
     * just opened, with this builder's id and hash algorithm; the driver's store type forwards to
     * it.
     *
     * @param driver the driver
     * @return the store over it
     */
    protected final ImageStore imageStore(StoreDriver driver) {
        ImageStores.Builder store = ImageStores.builder(driver).id(id);
        if (hashAlgorithm != null) {
            store.hashAlgorithm(hashAlgorithm);
        }
        return store.build();
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    @Override
    public String toString() {
        return getClass().getName().substring(getClass().getName().lastIndexOf('.') + 1).replace('$', '.')
                + "{id=" + id + ", options=" + options.keySet() + "}";
    }
}
