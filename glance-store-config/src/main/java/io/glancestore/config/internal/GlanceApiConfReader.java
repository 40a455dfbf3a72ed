package io.glancestore.config.internal;

import io.glancestore.StoreRegistry;
import io.glancestore.config.ConfigFileException;
import io.glancestore.exception.UnknownHashingAlgoException;
import io.glancestore.spi.StoreOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the store and cache part of a {@code glance-api.conf}, as Glance and glance_store
 * interpret it: multi-store ({@code [DEFAULT] enabled_backends}, {@code [glance_store]
 * default_backend}, one section per backend, {@code [backend_defaults]} as fallback) or the
 * legacy single-store form ({@code [glance_store] stores / default_store} with every option in
 * {@code [glance_store]}). Sections that are not about stores are Glance's business and ignored.
 */
public final class GlanceApiConfReader {

    private static final String DEFAULT = "DEFAULT";
    private static final String GLANCE_STORE = "glance_store";
    private static final String BACKEND_DEFAULTS = "backend_defaults";
    /** Glance's own reserved stores, configured by Glance for itself. */
    private static final Set<String> RESERVED = Set.of("os_glance_tasks_store", "os_glance_staging_store");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    /** Cache options read from [DEFAULT], with their kinds. */
    private static final Map<String, KnownOptions.Kind> CACHE_OPTIONS = Map.of(
            "image_cache_dir", KnownOptions.Kind.STRING,
            "image_cache_max_size", KnownOptions.Kind.INTEGER,
            "image_cache_stall_time", KnownOptions.Kind.INTEGER,
            "cache_prefetcher_interval", KnownOptions.Kind.FLOAT);
    /** Glance cache options that exist but mean nothing to this cache. */
    private static final Set<String> CACHE_IGNORED = Set.of("image_cache_driver", "image_cache_sqlite_db");
    /** [glance_store] options that are not per-driver. */
    private static final Set<String> GLANCE_STORE_GENERAL = Set.of("default_backend", "stores", "default_store",
            "store_capabilities_update_min_interval");

    private final Path file;
    private final IniDocument doc;
    private final ProblemSink problems;
    private final KnownOptions known;

    private GlanceApiConfReader(IniDocument doc, boolean strict, KnownOptions known) {
        this.file = doc.file();
        this.doc = doc;
        this.problems = new ProblemSink(strict);
        this.known = known;
    }

    /**
     * Reads a file.
     *
     * @param file the glance-api.conf
     * @param strict whether unknown keys are errors
     * @param known the options of the drivers at hand
     * @param maxBytes the largest file accepted
     * @return what it configures
     * @throws ConfigFileException if unreadable, too large, malformed or a value is bad
     */
    public static ParsedConfig read(Path file, boolean strict, KnownOptions known, long maxBytes) {
        return new GlanceApiConfReader(IniDocument.read(file, maxBytes), strict, known).read();
    }

    private ParsedConfig read() {
        List<String> notes = new ArrayList<>();
        Map<String, String> cache = new LinkedHashMap<>();
        Map<String, Origin> cacheOrigins = new LinkedHashMap<>();
        checkDefaultSection(cache, cacheOrigins);
        List<ParsedBackend> backends;
        String defaultBackend;
        Optional<IniDocument.Entry> enabled = doc.last(DEFAULT, "enabled_backends")
                .filter(e -> !e.value().isBlank());
        if (enabled.isPresent()) {
            backends = multiStore(enabled.get());
            defaultBackend = defaultBackend(backends);
            checkGlanceStoreSection(true);
        } else {
            Map<String, String> types = legacyTypes();
            defaultBackend = legacyDefault(types);
            backends = legacy(types);
            notes.add("legacy single-store configuration: [glance_store] stores / default_store");
            checkGlanceStoreSection(false);
        }
        if (!cache.containsKey("image_cache_dir")) {
            if (!cache.isEmpty()) {
                problems.warn(file, cacheOrigins.values().iterator().next().line(), null,
                        "image cache options are set but image_cache_dir is not: no cache is configured");
            }
            cache.clear();
            cacheOrigins.clear();
        }
        Optional<IniDocument.Entry> hashingEntry = doc.last(DEFAULT, "hashing_algorithm")
                .filter(e -> !e.value().isBlank());
        String hashing = hashingEntry.map(e -> e.value().strip()).orElse(null);
        if (hashing != null) {
            try {
                StoreRegistry.builder().hashAlgorithm(hashing);
            } catch (UnknownHashingAlgoException e) {
                throw new ConfigFileException(file, hashingEntry.get().line(), "hashing_algorithm",
                        "names an unknown hashing algorithm");
            }
        }
        for (String section : doc.sectionNames()) {
            if (RESERVED.contains(section) || section.equals(DEFAULT) || section.equals(GLANCE_STORE)
                    || section.equals(BACKEND_DEFAULTS)) {
                continue;
            }
            boolean used = backends.stream().anyMatch(b -> b.section().equals("[" + section + "]"));
            if (!used && looksLikeStoreSection(section)) {
                problems.warn(file, doc.sectionLine(section), null, "section [" + section
                        + "] holds store options but is not a backend in enabled_backends; ignored");
            }
        }
        List<String> warnings = new ArrayList<>(problems.warnings());
        return new ParsedConfig(file, "glance-api.conf", backends, defaultBackend, cache, cacheOrigins, hashing,
                warnings, notes);
    }

    private boolean looksLikeStoreSection(String section) {
        Map<String, List<IniDocument.Entry>> keys = doc.section(section);
        return !keys.isEmpty() && keys.keySet().stream().allMatch(k -> known.typeOf(k).isPresent()
                || KnownOptions.COMMON.containsKey(k));
    }

    // ---- multi-store ----

    private List<ParsedBackend> multiStore(IniDocument.Entry enabled) {
        Map<String, String> types = new LinkedHashMap<>();
        int n = 0;
        for (String item : enabled.value().split(",")) {
            n++;
            String it = item.strip();
            if (it.isEmpty()) {
                continue;
            }
            int colon = it.indexOf(':');
            if (colon <= 0 || colon == it.length() - 1 || it.indexOf(':', colon + 1) >= 0) {
                throw new ConfigFileException(file, enabled.line(), "enabled_backends",
                        "item " + n + " must be written id:type (for example fast:file)");
            }
            String id = it.substring(0, colon).strip();
            String type = it.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            if (!ID.matcher(id).matches()) {
                throw new ConfigFileException(file, enabled.line(), "enabled_backends",
                        "item " + n + ": invalid backend id (use letters, digits, '_', '-' and '.')");
            }
            if (RESERVED.contains(id)) {
                throw new ConfigFileException(file, enabled.line(), "enabled_backends",
                        "item " + n + ": '" + id + "' is reserved by Glance");
            }
            if (types.putIfAbsent(id, type) != null) {
                throw new ConfigFileException(file, enabled.line(), "enabled_backends",
                        "backend id '" + id + "' is listed twice");
            }
        }
        if (types.isEmpty()) {
            throw new ConfigFileException(file, enabled.line(), "enabled_backends", "lists no backend");
        }
        List<ParsedBackend> backends = new ArrayList<>();
        Map<String, List<IniDocument.Entry>> defaults = doc.section(BACKEND_DEFAULTS);
        for (Map.Entry<String, String> t : types.entrySet()) {
            String id = t.getKey();
            String type = t.getValue();
            if (!doc.hasSection(id) && known.forType(type).isPresent()) {
                problems.warn(file, enabled.line(), "enabled_backends", "backend '" + id
                        + "' has no [" + id + "] section: the driver's defaults apply");
            }
            Map<String, String> options = new LinkedHashMap<>();
            Map<String, Origin> origins = new LinkedHashMap<>();
            Optional<Map<String, StoreOption<?>>> catalog = known.forType(type);
            // [backend_defaults] first, then the backend's own section overrides.
            for (Map.Entry<String, List<IniDocument.Entry>> e : defaults.entrySet()) {
                boolean forThisType = catalog.map(c -> c.containsKey(e.getKey())).orElse(true)
                        || KnownOptions.COMMON.containsKey(e.getKey());
                if (forThisType) {
                    put(options, origins, e.getKey(), e.getValue(), option(catalog, type, e.getKey()));
                }
            }
            for (Map.Entry<String, List<IniDocument.Entry>> e : doc.section(id).entrySet()) {
                String key = e.getKey();
                Optional<StoreOption<?>> option = option(catalog, type, key);
                if (catalog.isPresent() && option.isEmpty()) {
                    int line = e.getValue().get(0).line();
                    Optional<String> other = known.typeOf(key);
                    problems.warn(file, line, key, other.isPresent()
                            ? "is an option of " + other.get() + " stores, but backend '" + id + "' is " + type
                            : "is not a known option of " + type + " stores");
                }
                put(options, origins, key, e.getValue(), option);
            }
            int weight = 0;
            String w = options.remove("weight");
            if (w != null && !w.isBlank()) {
                weight = Integer.parseInt(w.strip()); // checked by put() against its definition
            }
            options.remove("store_description");
            backends.add(new ParsedBackend(id, type, options, origins, weight, "[" + id + "]"));
        }
        for (Map.Entry<String, List<IniDocument.Entry>> e : defaults.entrySet()) {
            if (known.anyType(e.getKey()).isEmpty()) {
                problems.warn(file, e.getValue().get(0).line(), e.getKey(), "is not a known store option");
            }
        }
        return backends;
    }

    private String defaultBackend(List<ParsedBackend> backends) {
        Optional<IniDocument.Entry> def = doc.last(GLANCE_STORE, "default_backend").filter(e -> !e.value().isBlank());
        if (def.isEmpty()) {
            if (backends.size() == 1) {
                problems.warn(file, doc.sectionLine(GLANCE_STORE), "default_backend",
                        "is not set in [glance_store]; Glance requires it, using the only backend");
                return backends.get(0).id();
            }
            throw new ConfigFileException(file, doc.sectionLine(GLANCE_STORE), "default_backend",
                    "must be set in [glance_store] to one of the enabled_backends ids");
        }
        String id = def.get().value().strip();
        if (backends.stream().noneMatch(b -> b.id().equals(id))) {
            throw new ConfigFileException(file, def.get().line(), "default_backend",
                    "names a backend that is not in enabled_backends");
        }
        return id;
    }

    // ---- legacy single store ----

    private Map<String, String> legacyTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        Optional<IniDocument.Entry> stores = doc.last(GLANCE_STORE, "stores");
        String raw = stores.map(IniDocument.Entry::value).orElse("file,http");
        for (String s : raw.split(",")) {
            if (!s.isBlank()) {
                String type = legacyType(s.strip()).orElseThrow(() -> new ConfigFileException(file,
                        stores.map(IniDocument.Entry::line).orElse(0), "stores", "lists an unknown store type"));
                types.putIfAbsent(type, type);
            }
        }
        return types;
    }

    private String legacyDefault(Map<String, String> types) {
        Optional<IniDocument.Entry> def = doc.last(GLANCE_STORE, "default_store");
        String raw = def.map(IniDocument.Entry::value).filter(v -> !v.isBlank()).orElse("file");
        String type = legacyType(raw.strip()).orElseThrow(() -> new ConfigFileException(file,
                def.map(IniDocument.Entry::line).orElse(0), "default_store", "is not a known store scheme"));
        if (!types.containsKey(type)) {
            throw new ConfigFileException(file, def.map(IniDocument.Entry::line).orElse(0), "default_store",
                    "names a store that is not in stores");
        }
        return type;
    }

    // glance_store accepts store names and the schemes they serve as default_store.
    private static Optional<String> legacyType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "file": case "filesystem": case "glance.store.filesystem.store":
                return Optional.of("file");
            case "rbd": case "glance.store.rbd.store":
                return Optional.of("rbd");
            case "swift": case "swift+http": case "swift+https": case "swift+config": case "glance.store.swift.store":
                return Optional.of("swift");
            case "vmware": case "vsphere": case "glance.store.vmware_datastore.store":
                return Optional.of("vmware");
            case "http": case "https": case "glance.store.http.store":
                return Optional.of("http");
            case "cinder": case "s3": case "s3+https":
                return Optional.of(n.startsWith("s3") ? "s3" : "cinder");
            default:
                return Optional.empty();
        }
    }

    private List<ParsedBackend> legacy(Map<String, String> types) {
        List<ParsedBackend> backends = new ArrayList<>();
        Map<String, List<IniDocument.Entry>> section = doc.section(GLANCE_STORE);
        for (String type : types.keySet()) {
            Map<String, String> options = new LinkedHashMap<>();
            Map<String, Origin> origins = new LinkedHashMap<>();
            Optional<Map<String, StoreOption<?>>> catalog = known.forType(type);
            for (Map.Entry<String, List<IniDocument.Entry>> e : section.entrySet()) {
                if (GLANCE_STORE_GENERAL.contains(e.getKey())) {
                    continue;
                }
                Optional<String> owner = known.typeOf(e.getKey());
                if (catalog.isPresent() ? catalog.get().containsKey(e.getKey()) : owner.isEmpty()) {
                    put(options, origins, e.getKey(), e.getValue(), option(catalog, type, e.getKey()));
                }
            }
            backends.add(new ParsedBackend(type, type, options, origins, 0, "[glance_store]"));
        }
        return backends;
    }

    // ---- checks of the shared sections ----

    private void checkGlanceStoreSection(boolean multiStore) {
        for (Map.Entry<String, List<IniDocument.Entry>> e : doc.section(GLANCE_STORE).entrySet()) {
            String key = e.getKey();
            int line = e.getValue().get(0).line();
            if (GLANCE_STORE_GENERAL.contains(key)) {
                if (multiStore && (key.equals("stores") || key.equals("default_store"))) {
                    problems.warn(file, line, key, "is ignored when enabled_backends is set; use default_backend");
                }
                continue;
            }
            Optional<StoreOption<?>> option = known.anyType(key);
            if (option.isEmpty()) {
                problems.warn(file, line, key, "is not a known [glance_store] option");
            } else if (multiStore) {
                problems.warn(file, line, key, "in [glance_store] is ignored when enabled_backends is set;"
                        + " move it to the backend's section or [backend_defaults]");
            } else {
                check(key, e.getValue(), option.get()::check);
            }
        }
    }

    private void checkDefaultSection(Map<String, String> cache, Map<String, Origin> cacheOrigins) {
        for (Map.Entry<String, List<IniDocument.Entry>> e : doc.section(DEFAULT).entrySet()) {
            String key = e.getKey();
            IniDocument.Entry last = e.getValue().get(e.getValue().size() - 1);
            KnownOptions.Kind kind = CACHE_OPTIONS.get(key);
            if (kind != null) {
                check(key, e.getValue(), v -> KnownOptions.check(kind, v));
                if (!last.value().isBlank()) {
                    cache.put(key, last.value().strip());
                    cacheOrigins.put(key, Origin.at(file, last.line()));
                }
            } else if (key.startsWith("image_cache_") && !CACHE_IGNORED.contains(key)) {
                problems.warn(file, last.line(), key, "is not a known image cache option");
            } else if (known.typeOf(key).isPresent()) {
                problems.warn(file, last.line(), key, "is a store option: it belongs in a backend section,"
                        + " [backend_defaults] or [glance_store], not [DEFAULT]; ignored");
            }
        }
    }

    /** The definition of an option of a backend's type; of any type when the type has no driver here. */
    private Optional<StoreOption<?>> option(Optional<Map<String, StoreOption<?>>> catalog, String type, String key) {
        return catalog.isPresent() ? known.of(type, key) : known.anyType(key);
    }

    private void put(Map<String, String> options, Map<String, Origin> origins, String key,
            List<IniDocument.Entry> entries, Optional<StoreOption<?>> option) {
        option.ifPresent(o -> check(key, entries, o::check));
        boolean repeatable = option.map(StoreOption::isRepeatable).orElse(false);
        IniDocument.Entry last = entries.get(entries.size() - 1);
        if (entries.size() > 1 && !repeatable) {
            problems.warn(file, last.line(), key, "is set " + entries.size() + " times; the last one is used");
        }
        String value = repeatable
                ? String.join("\n", entries.stream().map(IniDocument.Entry::value).toList())
                : last.value();
        options.put(key, value);
        origins.put(key, Origin.at(file, last.line()));
    }

    /** Checks every value of a key at its line. */
    private void check(String key, List<IniDocument.Entry> entries, Function<String, Optional<String>> check) {
        for (IniDocument.Entry e : entries) {
            Optional<String> problem = check.apply(e.value());
            if (problem.isPresent()) {
                throw new ConfigFileException(file, e.line(), key, problem.get());
            }
        }
    }
}
