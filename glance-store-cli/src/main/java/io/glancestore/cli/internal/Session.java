package io.glancestore.cli.internal;

import io.glancestore.ImageStore;
import io.glancestore.StoreRegistry;
import io.glancestore.cache.CacheConfig;
import io.glancestore.cache.CachingImageStore;
import io.glancestore.config.BackendConfig;
import io.glancestore.config.GlanceConfig;
import io.glancestore.exception.UnknownSchemeException;
import io.glancestore.location.Locations;
import io.glancestore.support.LocationRouting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command works with: the configuration (a file, or the local default), the stores it
 * builds and, when configured, the image cache in front of one of them. Opened lazily, closed
 * once.
 */
public final class Session implements AutoCloseable {

    /** Backend id of the default local file store. */
    public static final String LOCAL = "local";

    private final GlobalOptions global;
    private final CommandSpec spec;
    private GlanceConfig config;
    private final Map<String, StoreRegistry> registries = new LinkedHashMap<>();
    private CachingImageStore cache;

    /**
     * Opens a session for a command.
     *
     * @param spec the command's spec
     */
    public Session(CommandSpec spec) {
        this.spec = spec;
        this.global = GlobalOptions.of(spec);
    }

    /**
     * The output of the command.
     *
     * @return the output
     */
    public Output out() {
        return global.results();
    }

    /**
     * The global options.
     *
     * @return the options
     */
    public GlobalOptions global() {
        return global;
    }

    /**
     * The configuration: the file given with {@code --config}, or a file store in
     * {@code <data dir>/images} and a cache in {@code <data dir>/image-cache}.
     *
     * @return the configuration
     */
    public GlanceConfig config() {
        if (config == null) {
            if (global.config() != null) {
                config = GlanceConfig.loader().strict(global.strict()).load(global.config());
                for (String w : config.warnings()) {
                    spec.commandLine().getErr().println("glance-store: warning: " + Locations.printable(w));
                }
            } else {
                Path dir = global.dataDir();
                config = GlanceConfig.builder()
                        .backend(LOCAL, "file", Map.of("filesystem_store_datadir", dir.resolve("images").toString()))
                        .cache(CacheConfig.builder().dir(dir.resolve("image-cache"))
                                .maintenanceInterval(java.time.Duration.ZERO)
                                .prefetcherInterval(java.time.Duration.ZERO).build())
                        .build();
            }
        }
        return config;
    }

    /**
     * A store by backend id, or the default store. Each backend is created on first use only,
     * so a command never connects to stores it does not touch.
     *
     * @param id the backend id, or {@code null} for the default
     * @return the store
     */
    public ImageStore store(String id) {
        String backend = id == null ? config().defaultBackend() : id;
        return registries.computeIfAbsent(backend, k -> config().withBackends(List.of(k)).buildRegistry())
                .store(backend);
    }

    /**
     * Every configured store, each created on first use like {@link #store(String)}.
     *
     * @return the stores, in the configuration's order
     */
    public List<ImageStore> stores() {
        return config().backends().stream().map(b -> store(b.id())).toList();
    }

    /**
     * The store a location belongs to: among the backends of the type its scheme names, the
     * highest-weighted one that handles it. Only backends of that type are created.
     *
     * @param location the location URI
     * @return the store
     * @throws io.glancestore.exception.BadStoreUriException if the location is malformed or the
     *     stores of its type refuse it (their reason)
     * @throws UnknownSchemeException if no store of its type is configured
     */
    public ImageStore storeFor(String location) {
        Optional<String> type = Locations.storeType(Locations.scheme(location));
        List<BackendConfig> candidates = new ArrayList<>(config().backends());
        candidates.sort(Comparator.comparingInt(BackendConfig::weight).reversed());
        List<ImageStore> tried = new ArrayList<>();
        for (BackendConfig b : candidates) {
            if (type.isEmpty() || b.type().equals(type.get())) {
                ImageStore s = store(b.id());
                if (s.handles(location)) {
                    return s;
                }
                tried.add(s);
            }
        }
        throw LocationRouting.refusal(location, tried);
    }

    /**
     * The image cache in front of a store, when one is configured and wanted.
     *
     * @param store the store reads go to
     * @return the caching store
     */
    public Optional<CachingImageStore> cache(ImageStore store) {
        if (cache == null) {
            Optional<CacheConfig> c = config().cache().filter(CacheConfig::enabled);
            if (c.isEmpty()) {
                return Optional.empty();
            }
            cache = CachingImageStore.open(store, c.get());
        }
        return Optional.of(cache);
    }

    /**
     * The image cache, which the command needs.
     *
     * @return the caching store in front of the default store
     * @throws CliException if no cache is configured
     */
    public CachingImageStore requireCache() {
        return cache(store(null)).orElseThrow(() -> new CliException(ExitCodes.CONFIG,
                "no image cache is configured (image_cache_dir / enable_glance_image_cache)"));
    }

    /**
     * A progress bar for a transfer, shown only when wanted.
     *
     * @param label what is moving
     * @param total bytes in all, or -1
     * @return the bar
     */
    public ProgressBar progress(String label, long total) {
        boolean show;
        switch (global.progress()) {
            case ALWAYS:
                show = true;
                break;
            case NEVER:
                show = false;
                break;
            default:
                show = StdStreams.isTerminal(2) && !global.json();
        }
        return new ProgressBar(show ? spec.commandLine().getErr() : null, label, total);
    }

    @Override
    public void close() {
        // The cache closes the store it wraps; the registries close every store (idempotent).
        if (cache != null) {
            cache.close();
        }
        registries.values().forEach(StoreRegistry::close);
    }
}
