package io.glancestore;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.UnknownSchemeException;
import io.glancestore.internal.DriverDiscovery;
import io.glancestore.internal.DriverImageStore;
import io.glancestore.internal.HashAlgorithms;
import io.glancestore.internal.LocationRouting;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOptions;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several named stores used together, as Glance's multi-store mode
 * ({@code enabled_backends = fast:file, ceph:rbd}) does: one default store for adds, lookup by
 * id and by location URI, and a weight per store that orders them for reads. Drivers are found
 * on the class path by Glance type name. Results of adds carry {@code store=<id>} in their
 * metadata. Thread-safe.
 */
public final class StoreRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreRegistry.class);
    private static final Pattern STORE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    private final Map<String, ImageStore> stores;
    private final Map<String, Integer> weights;
    private final List<ImageStore> byWeight;
    private final String defaultId;

    private StoreRegistry(Map<String, ImageStore> stores, Map<String, Integer> weights, String defaultId) {
        this.stores = Map.copyOf(stores);
        this.weights = Map.copyOf(weights);
        List<ImageStore> ordered = new ArrayList<>(stores.values());
        ordered.sort(Comparator.comparingInt((ImageStore s) -> weights.getOrDefault(s.id(), 0)).reversed());
        this.byWeight = List.copyOf(ordered);
        this.defaultId = defaultId;
    }

    /**
     * Starts building a registry.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A store by backend id.
     *
     * @param id the backend id
     * @return the store
     * @throws UnknownSchemeException if no backend has that id (as glance_store does)
     */
    public ImageStore store(String id) {
        ImageStore store = stores.get(id);
        if (store == null) {
            throw new UnknownSchemeException("no store with id '" + id + "'; configured: " + stores.keySet());
        }
        return store;
    }

    /**
     * The default store ({@code [glance_store] default_backend}).
     *
     * @return the default store
     */
    public ImageStore defaultStore() {
        return stores.get(defaultId);
    }

    /**
     * All stores, highest weight first (ties keep configuration order).
     *
     * @return the stores
     */
    public List<ImageStore> stores() {
        return byWeight;
    }

    /**
     * The weight of a store, 0 unless set.
     *
     * @param id the backend id
     * @return the weight
     */
    public int weight(String id) {
        store(id);
        return weights.getOrDefault(id, 0);
    }

    /**
     * The store a location belongs to: the highest-weighted store that handles it.
     *
     * @param location the location URI
     * @return the store
     * @throws io.glancestore.exception.BadStoreUriException if the location is malformed, or the
     *     stores of its scheme refuse it: the reason of the highest-weighted of them
     * @throws UnknownSchemeException if no store of the location's scheme is configured
     */
    public ImageStore storeFor(String location) {
        for (ImageStore store : byWeight) {
            if (store.handles(location)) {
                return store;
            }
        }
        throw LocationRouting.refusal(location, byWeight);
    }

    /**
     * Adds an image to the default store.
     *
     * @param imageId the image id
     * @param data the bytes
     * @param size the size, or 0 / -1 when unknown
     * @return the result, with {@code store=<id>} in its metadata
     */
    public AddResult add(String imageId, InputStream data, long size) {
        return add(defaultId, imageId, data, size, AddOptions.defaults());
    }

    /**
     * Adds an image to a named store.
     *
     * @param storeId the backend id
     * @param imageId the image id
     * @param data the bytes
     * @param size the size, or 0 / -1 when unknown
     * @param options per-call options
     * @return the result, with {@code store=<id>} in its metadata
     */
    public AddResult add(String storeId, String imageId, InputStream data, long size, AddOptions options) {
        ImageStore store = store(storeId);
        AddResult r = store.add(imageId, data, size, options);
        if (storeId.equals(r.metadata().get("store"))) {
            return r;
        }
        Map<String, String> metadata = new LinkedHashMap<>(r.metadata());
        metadata.put("store", storeId);
        return new AddResult(r.location(), r.size(), r.checksum(), r.multihash(), r.hashAlgorithm(), metadata);
    }

    /**
     * Reads an image from whichever store holds the location.
     *
     * @param location the location URI
     * @param offset first byte
     * @param length bytes, or -1 to the end
     * @param options read options
     * @return the bytes; close them
     */
    public ImageData get(String location, long offset, long length, ReadOptions options) {
        return storeFor(location).get(location, offset, length, options);
    }

    /**
     * Reads part of an image from whichever store holds the location.
     *
     * @param location the location URI
     * @param offset first byte
     * @param length bytes, or -1 to the end
     * @return the bytes; close them
     */
    public ImageData get(String location, long offset, long length) {
        return storeFor(location).get(location, offset, length);
    }

    /**
     * Reads a whole image from whichever store holds the location.
     *
     * @param location the location URI
     * @return the bytes; close them
     */
    public ImageData get(String location) {
        return storeFor(location).get(location);
    }

    /**
     * The size of an image.
     *
     * @param location the location URI
     * @return the size
     */
    public long size(String location) {
        return storeFor(location).size(location);
    }

    /**
     * Deletes an image.
     *
     * @param location the location URI
     */
    public void delete(String location) {
        storeFor(location).delete(location);
    }

    /** Closes every store. */
    @Override
    public void close() {
        for (ImageStore store : stores.values()) {
            try {
                store.close();
            } catch (RuntimeException e) {
                LOG.warn("closing store '{}' failed: {}", store.id(), e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "StoreRegistry{stores=" + stores.keySet() + ", default=" + defaultId + "}";
    }

    /** A backend to be created by the driver of its type. */
    private record TypedBackend(String type, StoreOptions options) {
    }

    /** Builds a {@link StoreRegistry}. */
    public static final class Builder {
        private final Map<String, Object> backends = new LinkedHashMap<>();
        private final Map<String, Integer> weights = new LinkedHashMap<>();
        private final Map<String, StoreDriverProvider> providers = new LinkedHashMap<>();
        private String defaultId;
        private String hashAlgorithm = HashAlgorithms.DEFAULT;
        private ClassLoader classLoader = StoreRegistry.class.getClassLoader();

        private Builder() {
        }

        /**
         * Adds a backend whose driver is found by type ({@code id:type} in {@code enabled_backends}).
         *
         * @param id the backend id
         * @param type the Glance store type, e.g. {@code file}
         * @param options the backend's options with Glance's names
         * @return this builder
         */
        public Builder backend(String id, String type, Map<String, String> options) {
            return backend(id, type, StoreOptions.of(id, options));
        }

        /**
         * Adds a backend whose driver is found by type, with options that know their source.
         *
         * @param id the backend id
         * @param type the Glance store type
         * @param options the options
         * @return this builder
         */
        public Builder backend(String id, String type, StoreOptions options) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(options, "options");
            return put(id, new TypedBackend(type, options));
        }

        /**
         * Adds a store built elsewhere (a cache, a user's own store).
         *
         * @param id the backend id
         * @param store the store
         * @return this builder
         */
        public Builder backend(String id, ImageStore store) {
            return put(id, Objects.requireNonNull(store, "store"));
        }

        /**
         * Sets a backend's weight; higher weights are preferred for reads.
         *
         * @param id the backend id
         * @param weight the weight
         * @return this builder
         */
        public Builder weight(String id, int weight) {
            weights.put(id, weight);
            return this;
        }

        /**
         * Names the default backend; required when there is more than one.
         *
         * @param id the backend id
         * @return this builder
         */
        public Builder defaultBackend(String id) {
            this.defaultId = id;
            return this;
        }

        /**
         * Sets the default multihash algorithm of stores built from types.
         *
         * @param algorithm a Glance or JDK name
         * @return this builder
         */
        public Builder hashAlgorithm(String algorithm) {
            this.hashAlgorithm = HashAlgorithms.resolve(algorithm).glanceName();
            return this;
        }

        /**
         * Uses this provider for its type instead of discovery (resolves ambiguity).
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder provider(StoreDriverProvider provider) {
            providers.put(provider.type(), provider);
            return this;
        }

        /**
         * Sets the class loader used to discover drivers.
         *
         * @param loader the class loader
         * @return this builder
         */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        private Builder put(String id, Object backend) {
            if (id == null || !STORE_ID.matcher(id).matches()) {
                throw new BadStoreConfigurationException("invalid backend id '" + id
                        + "': use letters, digits, '_', '-' and '.'");
            }
            if (backends.putIfAbsent(id, backend) != null) {
                throw new BadStoreConfigurationException("backend id '" + id + "' is configured twice");
            }
            return this;
        }

        /**
         * Creates the drivers and builds the registry.
         *
         * @return the registry
         * @throws BadStoreConfigurationException if the configuration is invalid or a driver is
         *     missing
         */
        public StoreRegistry build() {
            if (backends.isEmpty()) {
                throw new BadStoreConfigurationException("no backends configured (enabled_backends is empty)");
            }
            String def = defaultId;
            if (def == null) {
                if (backends.size() > 1) {
                    throw new BadStoreConfigurationException("default_backend must name one of " + backends.keySet());
                }
                def = backends.keySet().iterator().next();
            }
            if (!backends.containsKey(def)) {
                throw new BadStoreConfigurationException("default_backend '" + def + "' is not one of "
                        + backends.keySet());
            }
            for (String id : weights.keySet()) {
                if (!backends.containsKey(id)) {
                    throw new BadStoreConfigurationException("weight given for unknown backend '" + id + "'");
                }
            }
            DriverDiscovery discovery = new DriverDiscovery(classLoader, providers);
            Map<String, ImageStore> built = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, Object> e : backends.entrySet()) {
                    if (e.getValue() instanceof ImageStore) {
                        built.put(e.getKey(), (ImageStore) e.getValue());
                        continue;
                    }
                    TypedBackend spec = (TypedBackend) e.getValue();
                    StoreOptions options = spec.options();
                    StoreDriver driver = discovery.provider(spec.type()).create(options);
                    for (String unused : options.unusedKeys()) {
                        LOG.warn("backend '{}': unknown option '{}' ignored", e.getKey(), unused);
                    }
                    built.put(e.getKey(), new DriverImageStore(e.getKey(), driver, hashAlgorithm, true));
                }
            } catch (RuntimeException ex) {
                for (ImageStore s : built.values()) {
                    try {
                        s.close();
                    } catch (RuntimeException closeFailure) {
                        ex.addSuppressed(closeFailure);
                    }
                }
                throw ex;
            }
            return new StoreRegistry(built, weights, def);
        }
    }
}
