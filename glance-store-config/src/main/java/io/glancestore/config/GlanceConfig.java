package io.glancestore.config;

import io.glancestore.ImageStore;
import io.glancestore.StoreRegistry;
import io.glancestore.cache.CacheConfig;
import io.glancestore.cache.CachingImageStore;
import io.glancestore.config.internal.GlanceApiConfReader;
import io.glancestore.config.internal.KnownOptions;
import io.glancestore.config.internal.KollaGlobalsReader;
import io.glancestore.config.internal.Origin;
import io.glancestore.config.internal.OriginLocator;
import io.glancestore.config.internal.ParsedBackend;
import io.glancestore.config.internal.ParsedConfig;
import io.glancestore.config.internal.Secrets;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.internal.DriverDiscovery;
import io.glancestore.location.Locations;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores and image cache a Glance deployment is configured with, read from the files Glance
 * and Kolla use, or set in code; it builds a {@link StoreRegistry} and, when configured, the
 * {@link CacheConfig} of a {@link CachingImageStore}.
 *
 * <pre>{@code
 * GlanceConfig config = GlanceConfig.fromGlanceApiConf(Path.of("/etc/glance/glance-api.conf"));
 * config.warnings().forEach(System.err::println);      // unknown keys and the like
 * try (StoreRegistry stores = config.buildRegistry()) {
 *     ImageStore store = stores.defaultStore();
 * }
 * }</pre>
 *
 * <p>Per-backend options are passed as they are to whichever driver of that type is on the class
 * path, so any store this SDK or a third party provides can be configured. Options that a
 * catalogued store type does not know are reported as warnings, or errors with
 * {@link Loader#strict(boolean) strict} loading; bad values fail with the option's name, file and
 * line ({@link ConfigFileException}). Values are never put in messages, and {@link #toString()}
 * and {@link #describe()} show only the values of options the drivers declare and not as
 * secrets. Immutable.
 */
public final class GlanceConfig {

    /**
     * The largest configuration file read: 1 MiB. Glance's own {@code glance-api.conf}, every
     * option commented, is about 200 KiB, and a Kolla {@code globals.yml} some 30 KiB; a larger
     * file is refused before it is parsed, so a runaway or hostile file costs neither time nor
     * memory. {@link Loader#maxFileSize(long)} sets another limit.
     */
    public static final long MAX_FILE_SIZE = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(GlanceConfig.class);

    private final Path source;
    private final String format;
    private final List<BackendConfig> backends;
    private final Map<String, Map<String, Origin>> origins;
    private final String defaultBackend;
    private final CacheConfig cache;
    private final Map<String, String> cacheOptions;
    private final String hashAlgorithm;
    private final List<String> warnings;
    private final List<String> notes;

    private GlanceConfig(Path source, String format, List<BackendConfig> backends,
            Map<String, Map<String, Origin>> origins, String defaultBackend, CacheConfig cache,
            Map<String, String> cacheOptions, String hashAlgorithm, List<String> warnings, List<String> notes) {
        this.source = source;
        this.format = format;
        this.backends = List.copyOf(backends);
        this.origins = origins;
        this.defaultBackend = defaultBackend;
        this.cache = cache;
        this.cacheOptions = Collections.unmodifiableMap(new LinkedHashMap<>(cacheOptions));
        this.hashAlgorithm = hashAlgorithm;
        this.warnings = List.copyOf(warnings);
        this.notes = List.copyOf(notes);
    }

    /**
     * Reads a {@code glance-api.conf}, reporting unknown keys as {@link #warnings()}.
     *
     * @param file the file
     * @return the configuration
     * @throws ConfigFileException if the file is malformed or a value is bad
     */
    public static GlanceConfig fromGlanceApiConf(Path file) {
        return loader().glanceApiConf(file);
    }

    /**
     * Reads a Kolla {@code globals.yml} and renders it as kolla-ansible would.
     *
     * @param file the file
     * @return the configuration
     * @throws ConfigFileException if the file is malformed or a value is bad
     */
    public static GlanceConfig fromKollaGlobals(Path file) {
        return loader().kollaGlobals(file);
    }

    /**
     * Reads either kind of file: {@code .yml} / {@code .yaml} as Kolla globals, anything else as
     * a glance-api.conf.
     *
     * @param file the file
     * @return the configuration
     */
    public static GlanceConfig load(Path file) {
        return loader().load(file);
    }

    /**
     * Starts loading a file with options (strict mode).
     *
     * @return a loader
     */
    public static Loader loader() {
        return new Loader();
    }

    /**
     * Starts a configuration in code.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The file this was read from.
     *
     * @return the file, empty when built in code
     */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    /**
     * The backends in configuration order.
     *
     * @return the backends
     */
    public List<BackendConfig> backends() {
        return backends;
    }

    /**
     * A backend by id.
     *
     * @param id the id
     * @return the backend, if configured
     */
    public Optional<BackendConfig> backend(String id) {
        return backends.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /**
     * The id of the default backend ({@code [glance_store] default_backend}).
     *
     * @return the id
     */
    public String defaultBackend() {
        return defaultBackend;
    }

    /**
     * The image cache, when one is configured ({@code image_cache_dir}, Kolla's
     * {@code enable_glance_image_cache}).
     *
     * @return the cache configuration
     */
    public Optional<CacheConfig> cache() {
        return Optional.ofNullable(cache);
    }

    /**
     * Glance's {@code hashing_algorithm}, when set.
     *
     * @return the algorithm
     */
    public Optional<String> hashAlgorithm() {
        return Optional.ofNullable(hashAlgorithm);
    }

    /**
     * What was questionable in the file (unknown keys, ignored sections, defaults assumed), each
     * with file and line. Empty with strict loading, which fails instead.
     *
     * @return the warnings
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * How the file was interpreted where that is not obvious (Kolla's rendering decisions).
     *
     * @return the notes
     */
    public List<String> notes() {
        return notes;
    }

    /**
     * The same configuration restricted to some backends, for a process that needs only those
     * (and should not connect to the others). The default backend stays the default when kept,
     * else the first kept backend becomes the default.
     *
     * @param ids the backend ids to keep
     * @return the restricted configuration
     * @throws BadStoreConfigurationException if an id is not configured or none is given
     */
    public GlanceConfig withBackends(java.util.Collection<String> ids) {
        List<BackendConfig> kept = new ArrayList<>();
        for (BackendConfig b : backends) {
            if (ids.contains(b.id())) {
                kept.add(b);
            }
        }
        for (String id : ids) {
            if (backend(id).isEmpty()) {
                throw new BadStoreConfigurationException("no backend '" + id + "' is configured; configured: "
                        + backends.stream().map(BackendConfig::id).toList());
            }
        }
        if (kept.isEmpty()) {
            throw new BadStoreConfigurationException("no backend selected");
        }
        String def = ids.contains(defaultBackend) ? defaultBackend : kept.get(0).id();
        return new GlanceConfig(source, format, kept, origins, def, cache, cacheOptions, hashAlgorithm, warnings,
                notes);
    }

    /**
     * The store types of the backends for which no driver is on the class path.
     *
     * @param classLoader where to look for drivers
     * @return backend ids by missing type
     */
    public Map<String, String> backendsWithoutDriver(ClassLoader classLoader) {
        Set<String> available = availableTypes(classLoader);
        Map<String, String> missing = new LinkedHashMap<>();
        for (BackendConfig b : backends) {
            if (!available.contains(b.type())) {
                missing.put(b.id(), b.type());
            }
        }
        return missing;
    }

    /**
     * The store types whose drivers are on the class path.
     *
     * @param classLoader where to look
     * @return the type names
     */
    public static Set<String> availableTypes(ClassLoader classLoader) {
        Set<String> types = new LinkedHashSet<>();
        for (StoreDriverProvider p : ServiceLoader.load(StoreDriverProvider.class, classLoader)) {
            types.add(p.type());
        }
        return types;
    }

    /**
     * Creates the stores, with drivers found on this library's class path. A backend whose type
     * has no driver there is left out with a warning in the log, unless it is the default
     * backend, which fails.
     *
     * @return the registry; close it
     * @throws BadStoreConfigurationException if a driver rejects its options (the message names
     *     the option, file and line) or the default backend's driver is missing
     */
    public StoreRegistry buildRegistry() {
        return buildRegistry(GlanceConfig.class.getClassLoader());
    }

    /**
     * Creates the stores with drivers found through a class loader.
     *
     * @param classLoader where to look for drivers
     * @return the registry; close it
     * @see #buildRegistry()
     */
    public StoreRegistry buildRegistry(ClassLoader classLoader) {
        Map<String, String> missing = backendsWithoutDriver(classLoader);
        if (missing.containsKey(defaultBackend)) {
            throw new BadStoreConfigurationException("default backend '" + defaultBackend + "' is of type '"
                    + missing.get(defaultBackend) + "', whose driver is not on the class path; available: "
                    + availableTypes(classLoader));
        }
        // Each backend's own checks first, so a problem is located in that backend's section.
        Map<String, BadStoreConfigurationException> problems = validate(classLoader);
        if (!problems.isEmpty()) {
            throw problems.values().iterator().next();
        }
        StoreRegistry.Builder b = StoreRegistry.builder().classLoader(classLoader).defaultBackend(defaultBackend);
        if (hashAlgorithm != null) {
            b.hashAlgorithm(hashAlgorithm);
        }
        for (BackendConfig backend : backends) {
            if (missing.containsKey(backend.id())) {
                LOG.warn("backend '{}' of type '{}' left out: no driver for that type on the class path",
                        backend.id(), backend.type());
                continue;
            }
            b.backend(backend.id(), backend.type(), storeOptions(backend));
            if (backend.weight() != 0) {
                b.weight(backend.id(), backend.weight());
            }
        }
        try {
            return b.build();
        } catch (BadStoreConfigurationException e) {
            throw locator().locateAnywhere(e);
        }
    }

    /**
     * Checks every backend as its driver checks its options when it is built, without creating
     * it: no connection, no folder created, only the local files the driver reads (a CA bundle,
     * a {@code ceph.conf}, a swift config file). Backends whose type has no driver on the class
     * path are not checked ({@link #backendsWithoutDriver}).
     *
     * @return the first problem of each backend that has one, by backend id, in configuration
     *     order; a {@link ConfigFileException} when the option's file and line are known
     */
    public Map<String, BadStoreConfigurationException> validate() {
        return validate(GlanceConfig.class.getClassLoader());
    }

    /**
     * Checks every backend with drivers found through a class loader.
     *
     * @param classLoader where to look for drivers
     * @return the problems by backend id
     * @see #validate()
     */
    public Map<String, BadStoreConfigurationException> validate(ClassLoader classLoader) {
        Set<String> available = availableTypes(classLoader);
        DriverDiscovery discovery = new DriverDiscovery(classLoader, Map.of());
        Map<String, BadStoreConfigurationException> problems = new LinkedHashMap<>();
        for (BackendConfig backend : backends) {
            if (!available.contains(backend.type())) {
                continue;
            }
            try {
                discovery.provider(backend.type()).validate(storeOptions(backend));
            } catch (BadStoreConfigurationException e) {
                problems.put(backend.id(), locator().locate(e, backend.id()));
            } catch (RuntimeException e) {
                problems.put(backend.id(), new BadStoreConfigurationException("backend '" + backend.id()
                        + "': the " + backend.type() + " driver failed to check its options: " + e, e));
            }
        }
        return problems;
    }

    /**
     * Creates one backend's driver, has it contact its server for real (the cluster and its
     * pool, the object store and its container, the vCenter and its datastores, the folders),
     * and closes it again.
     *
     * @param backendId the backend
     * @return what was checked, for people, e.g. {@code cluster <fsid>, pool images}
     * @throws BadStoreConfigurationException if the options are bad, the type has no driver, or
     *     what the options name does not exist (a pool, a container, a datastore)
     * @throws io.glancestore.exception.GlanceStoreException the driver's typed error when the
     *     server cannot be reached or refuses the credentials
     * @throws UnsupportedOperationException if the driver offers no connection check
     */
    public String checkConnection(String backendId) {
        BackendConfig backend = backend(backendId).orElseThrow(() -> new BadStoreConfigurationException(
                "no backend '" + backendId + "' is configured"));
        StoreDriverProvider provider = new DriverDiscovery(GlanceConfig.class.getClassLoader(), Map.of())
                .provider(backend.type());
        StoreOptions options = storeOptions(backend);
        try {
            provider.validate(options);
        } catch (BadStoreConfigurationException e) {
            throw locator().locate(e, backend.id());
        }
        try (StoreDriver driver = provider.create(options)) {
            return driver.checkConnection();
        } catch (IOException e) {
            throw new BackendException("backend '" + backendId + "': " + Locations.mask(String.valueOf(e.getMessage())),
                    e);
        }
    }

    private StoreOptions storeOptions(BackendConfig backend) {
        String where = source == null ? "backend '" + backend.id() + "'" : source + " backend '" + backend.id() + "'";
        return StoreOptions.of(backend.id(), where, backend.options());
    }

    /**
     * Wraps a store with the configured image cache.
     *
     * @param store the store
     * @return the caching store, or empty when no cache is configured
     * @throws BadStoreConfigurationException if the cache cannot be opened
     */
    public Optional<CachingImageStore> openCache(ImageStore store) {
        return cache().map(c -> CachingImageStore.open(store, c));
    }

    /**
     * A human-readable summary of what this configuration builds, secrets masked.
     *
     * @return several lines of text
     */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append("source: ").append(source == null ? "code" : source + " (" + format + ")").append('\n');
        s.append("default backend: ").append(defaultBackend).append('\n');
        for (BackendConfig b : backends) {
            s.append("backend ").append(b.id()).append(" (").append(b.type()).append(")");
            if (b.weight() != 0) {
                s.append(" weight ").append(b.weight());
            }
            s.append('\n');
            b.displayOptions().forEach((k, v) -> s.append("  ").append(k).append(" = ")
                    .append(v.replace("\n", ", ")).append('\n'));
        }
        if (cache == null) {
            s.append("image cache: none\n");
        } else {
            s.append("image cache: ").append(cache.dir()).append(", max ").append(cache.maxSize())
                    .append(" bytes, stall time ").append(cache.stallTime().toSeconds()).append(" s\n");
        }
        if (hashAlgorithm != null) {
            s.append("hashing algorithm: ").append(hashAlgorithm).append('\n');
        }
        for (String n : notes) {
            s.append("note: ").append(n).append('\n');
        }
        for (String w : warnings) {
            s.append("warning: ").append(w).append('\n');
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "GlanceConfig{source=" + (source == null ? "code" : source) + ", default=" + defaultBackend
                + ", backends=" + backends + ", cache=" + (cache == null ? "none" : cache.dir()) + "}";
    }

    private OriginLocator locator() {
        return new OriginLocator(source, origins);
    }

    private static GlanceConfig fromParsed(ParsedConfig p, KnownOptions known) {
        List<BackendConfig> backends = new ArrayList<>();
        Map<String, Map<String, Origin>> origins = new LinkedHashMap<>();
        for (ParsedBackend b : p.backends()) {
            backends.add(new BackendConfig(b.id(), b.type(), b.options(), b.weight(), known));
            origins.put(b.id(), b.origins());
        }
        CacheConfig cache = null;
        if (!p.cacheOptions().isEmpty()) {
            Map<String, String> options = new LinkedHashMap<>(p.cacheOptions());
            if (p.hashAlgorithm() != null) {
                options.put(CacheConfig.HASHING_ALGORITHM, p.hashAlgorithm());
            }
            try {
                cache = CacheConfig.fromOptions(options);
            } catch (BadStoreConfigurationException e) {
                throw OriginLocator.locateCache(p.source(), p.cacheOrigins(), e);
            }
            origins.put("\u0000cache", p.cacheOrigins());
        }
        return new GlanceConfig(p.source(), p.format(), backends, origins, p.defaultBackend(), cache,
                p.cacheOptions(), p.hashAlgorithm(), p.warnings(), p.notes());
    }

    /** Loads configuration files, leniently (unknown keys are warnings) unless strict. */
    public static final class Loader {
        private boolean strict;
        private long maxFileSize = MAX_FILE_SIZE;
        private ClassLoader classLoader = GlanceConfig.class.getClassLoader();

        private Loader() {
        }

        /**
         * Makes unknown keys, ignored sections and unevaluated templates errors rather than warnings.
         *
         * @param strict whether to be strict
         * @return this loader
         */
        public Loader strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * Sets the largest file read; larger files are refused before they are parsed.
         *
         * @param bytes the limit; default {@link GlanceConfig#MAX_FILE_SIZE}
         * @return this loader
         */
        public Loader maxFileSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("the limit must be at least one byte");
            }
            this.maxFileSize = bytes;
            return this;
        }

        /**
         * Sets where to find the drivers whose options are checked while reading.
         *
         * @param classLoader the class loader; default this library's
         * @return this loader
         */
        public Loader classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /**
         * Reads a glance-api.conf.
         *
         * @param file the file
         * @return the configuration
         * @throws ConfigFileException if unreadable, too large, not UTF-8, malformed, a value is
         *     bad, or (strict) a key is unknown
         */
        public GlanceConfig glanceApiConf(Path file) {
            KnownOptions known = KnownOptions.discover(classLoader);
            return fromParsed(GlanceApiConfReader.read(file, strict, known, maxFileSize), known);
        }

        /**
         * Reads a Kolla globals.yml.
         *
         * @param file the file
         * @return the configuration
         * @throws ConfigFileException if unreadable, too large, not UTF-8, not YAML, a value is
         *     bad, or (strict) a key is unknown
         */
        public GlanceConfig kollaGlobals(Path file) {
            return fromParsed(KollaGlobalsReader.read(file, strict, maxFileSize), KnownOptions.discover(classLoader));
        }

        /**
         * Reads either kind of file, by its extension ({@code .yml}/{@code .yaml}: Kolla).
         *
         * @param file the file
         * @return the configuration
         * @throws ConfigFileException as the two readers do
         */
        public GlanceConfig load(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".yml") || name.endsWith(".yaml") ? kollaGlobals(file) : glanceApiConf(file);
        }
    }

    /** Builds a configuration in code, with Glance's option names. */
    public static final class Builder {
        private final Map<String, BackendConfig> backends = new LinkedHashMap<>();
        private String defaultBackend;
        private CacheConfig cache;
        private String hashAlgorithm;

        private Builder() {
        }

        /**
         * Adds a backend.
         *
         * @param id the backend id
         * @param type the Glance store type
         * @param options its options by Glance name
         * @return this builder
         */
        public Builder backend(String id, String type, Map<String, String> options) {
            return backend(id, type, options, 0);
        }

        /**
         * Adds a backend with a weight.
         *
         * @param id the backend id
         * @param type the Glance store type
         * @param options its options by Glance name
         * @param weight higher is preferred for reads
         * @return this builder
         */
        public Builder backend(String id, String type, Map<String, String> options, int weight) {
            if (backends.putIfAbsent(id, new BackendConfig(id, type, options, weight)) != null) {
                throw new BadStoreConfigurationException("backend id '" + id + "' is configured twice");
            }
            return this;
        }

        /**
         * Names the default backend; needed when there are several.
         *
         * @param id the id
         * @return this builder
         */
        public Builder defaultBackend(String id) {
            this.defaultBackend = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * Configures the image cache.
         *
         * @param cache the cache configuration, or {@code null} for none
         * @return this builder
         */
        public Builder cache(CacheConfig cache) {
            this.cache = cache;
            return this;
        }

        /**
         * Sets Glance's {@code hashing_algorithm}.
         *
         * @param algorithm the algorithm
         * @return this builder
         */
        public Builder hashAlgorithm(String algorithm) {
            this.hashAlgorithm = algorithm;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws BadStoreConfigurationException if there is no backend or the default is unclear
         */
        public GlanceConfig build() {
            if (backends.isEmpty()) {
                throw new BadStoreConfigurationException("no backends configured");
            }
            String def = defaultBackend;
            if (def == null) {
                if (backends.size() > 1) {
                    throw new BadStoreConfigurationException("default backend must name one of " + backends.keySet());
                }
                def = backends.keySet().iterator().next();
            }
            if (!backends.containsKey(def)) {
                throw new BadStoreConfigurationException("default backend '" + def + "' is not one of "
                        + backends.keySet());
            }
            Map<String, Map<String, Origin>> origins = new LinkedHashMap<>();
            return new GlanceConfig(null, "code", new ArrayList<>(backends.values()), origins, def, cache,
                    Map.of(), hashAlgorithm, List.of(), List.of());
        }
    }

    /**
     * Whether an option name denotes a secret that this library masks when showing values.
     *
     * @param key the option name
     * @return true for passwords, keys, tokens and the like
     */
    public static boolean isSecretOption(String key) {
        return Secrets.isSecret(key);
    }
}
