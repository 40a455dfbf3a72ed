package io.glancestore.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.location.Locations;
import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOption;
import io.glancestore.tck.ResourceBound;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;
import net.jqwik.api.statistics.Statistics;

/**
 * Both configuration readers, fed generated files (glance-api.conf and Kolla globals.yml made of
 * real option names, hostile values, continuations, quotes, templates, anchors) and the same
 * files mutated byte by byte: each gives a configuration or a {@link BadStoreConfigurationException}
 * (a {@link ConfigFileException} where it can name file and line), nothing else; checking the
 * configuration ({@link GlanceConfig#validate()}) never throws and never creates a folder or
 * a file; no message quotes a value, and a value shows only where the file gave it to an option
 * that a driver declares and not as a secret; and reading stays within time and memory linear in
 * the file.
 */
class ConfigReaderPropertyTest {

    private static final String SECRET = "S3CRET-VALUE";
    /**
     * Per byte of file: the readers allocate some 45 bytes and take well under a microsecond
     * (4 MB in about a second on a busy 2-core machine); four times that, and 2 s of slack for
     * a loaded machine. A parse quadratic in the file (4 MB in 15 s) cannot meet it.
     */
    private static final ResourceBound BOUND = new ResourceBound(200, 16 << 20, 2_000, 2_000_000_000L);

    /** The options each driver on the class path declares, by store type. */
    private static final Map<String, Map<String, StoreOption<?>>> DECLARED = new HashMap<>();

    static {
        for (StoreDriverProvider p : ServiceLoader.load(StoreDriverProvider.class)) {
            Map<String, StoreOption<?>> options = new HashMap<>();
            p.options().forEach(o -> options.put(o.name(), o));
            DECLARED.put(p.type(), options);
        }
    }

    private Path tmp;

    /** Loads the readers', the drivers' and the YAML parser's classes once, outside any bound. */
    @BeforeContainer
    static void warmUp() throws IOException {
        Path dir = Files.createTempDirectory("config-warm-up");
        Path conf = Files.writeString(dir.resolve("glance-api.conf"), "[DEFAULT]\nenabled_backends = a:file, b:rbd\n"
                + "[glance_store]\ndefault_backend = a\n[a]\nfilesystem_store_datadir = " + dir + "/i\n");
        Path yaml = Files.writeString(dir.resolve("globals.yml"), "glance_backend_file: \"yes\"\n");
        GlanceConfig.load(conf).validate();
        GlanceConfig.load(yaml).validate();
        Files.delete(conf);
        Files.delete(yaml);
        Files.delete(dir);
    }

    @BeforeTry
    void folder() throws IOException {
        tmp = Files.createTempDirectory("config-properties");
    }

    @AfterTry
    void clean() throws IOException {
        try (Stream<Path> all = Files.walk(tmp)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static final List<String> INI_KEYS = List.of("enabled_backends", "default_backend", "stores", "default_store",
            "image_cache_dir", "image_cache_max_size", "image_cache_stall_time", "cache_prefetcher_interval",
            "hashing_algorithm", "weight", "store_description", "filesystem_store_datadir", "filesystem_store_datadirs",
            "filesystem_store_file_perm", "filesystem_store_chunk_size", "filesystem_thin_provisioning",
            "filesystem_store_metadata_file", "rbd_store_pool", "rbd_store_user", "rbd_store_ceph_conf",
            "rbd_store_chunk_size", "rados_connect_timeout", "rbd_default_features", "swift_store_auth_address",
            "swift_store_user", "swift_store_key", "swift_store_auth_version", "swift_store_config_file",
            "swift_store_container", "swift_store_large_object_size", "vmware_server_host", "vmware_server_username",
            "vmware_server_password", "vmware_datastores", "vmware_store_image_dir", "unknown_option", "x");

    static final List<String> VALUES = List.of("", "a:file", "a:file, b:rbd", "a:file,a:file", "b:swift, c:vmware",
            "a", "b", "0", "-1", "640", "999", "0777", "9223372036854775808", "1e9", "true", "maybe", "yes",
            "/tmp/x", "../../etc", "/", "x/../..", "/srv/a:1\n/srv/b:x", "dc:ds:10", "dc", "dc:", ":ds",
            "\"quoted\"", "'half", "a #b", "\u202e", "caf\u00e9", "%s%n", "{{ template }}", SECRET, "v2", "3",
            "layering,teleport", "http://user:" + SECRET + "@host/v3", "x".repeat(5000));

    @Provide
    Arbitrary<String> iniFiles() {
        Arbitrary<String> section = Arbitraries.of("[DEFAULT]", "[glance_store]", "[backend_defaults]", "[a]", "[b]",
                "[c]", "[os_glance_staging_store]", "[", "[]", "[a", "");
        Arbitrary<String> assignment = Arbitraries.of(INI_KEYS).flatMap(k -> Arbitraries.of(VALUES)
                .flatMap(v -> Arbitraries.of(" = ", "=", ": ", " ").map(sep -> k + sep + v)));
        Arbitrary<String> line = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, assignment), net.jqwik.api.Tuple.of(2, section),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("# comment", "; comment", "", "  continued", "\tmore",
                        "garbage line", "=value", "key =")),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(20)));
        // Files that start like a real one, so that the readers get past the first lines.
        return line.list().ofMaxSize(40).map(lines -> "[DEFAULT]\nenabled_backends = a:file, b:rbd, c:swift\n"
                + "[glance_store]\ndefault_backend = a\n[a]\nfilesystem_store_datadir = " + "DATADIR\n"
                + String.join("\n", lines) + "\n");
    }

    @Provide
    Arbitrary<String> yamlFiles() {
        Arbitrary<String> key = Arbitraries.of("glance_backend_file", "glance_backend_ceph", "glance_backend_swift",
                "glance_backend_vmware", "glance_backend_s3", "enable_swift", "glance_file_datadir_volume",
                "enable_glance_image_cache", "glance_cache_max_size", "ceph_glance_user", "ceph_glance_pool_name",
                "ceph_cluster", "vmware_vcenter_host_ip", "vmware_vcenter_host_password", "vmware_vcenter_name",
                "vmware_datastore_name", "glance_default_backend", "glance_unknown", "other");
        Arbitrary<String> value = Arbitraries.of("\"yes\"", "\"no\"", "yes", "no", "true", "~", "\"perhaps\"", "42",
                "\"10G\"", "\"/srv/glance\"", "\"/x/../../etc\"", "\"/\"", "glance", "\"{{ x }}\"", "[a, b]",
                "{a: b}", "&anchor v", "*anchor", "*missing", "\"" + SECRET + "\"", "'\u202e'", "\"rbd\"", "\"vmware\"",
                "|\n  block", ">-\n  folded", "!!binary AAAA", "!!python/object:os.system x", "\"" + "x".repeat(3000) + "\"");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, key.flatMap(k -> value.map(v -> k + ": " + v))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("---", "...", "- item", "  nested: x", "# c", "key: [unclosed",
                        "\t tab: x", "? complex\n: key")),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(20)))
                .list().ofMaxSize(30).map(lines -> String.join("\n", lines) + "\n");
    }

    @Provide
    Arbitrary<Long> mutationSeeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 1500)
    void glanceApiConfGivesAConfigurationOrATypedError(@ForAll("iniFiles") String text,
            @ForAll("mutationSeeds") long seed, @ForAll boolean mutate) throws IOException {
        byte[] bytes = text.replace("DATADIR", tmp.resolve("images").toString()).getBytes(StandardCharsets.UTF_8);
        check("glance-api.conf", mutate ? mutated(bytes, seed) : bytes);
    }

    @Property(tries = 1500)
    void kollaGlobalsGiveAConfigurationOrATypedError(@ForAll("yamlFiles") String text,
            @ForAll("mutationSeeds") long seed, @ForAll boolean mutate) throws IOException {
        byte[] bytes = text.replace("/srv/glance", tmp.resolve("glance").toString()).getBytes(StandardCharsets.UTF_8);
        check("globals.yml", mutate ? mutated(bytes, seed) : bytes);
    }

    @Property(tries = 12)
    void largeFilesStayWithinLinearBounds(@ForAll("largeFiles") byte[] bytes, @ForAll boolean yaml)
            throws IOException {
        Path file = tmp.resolve(yaml ? "globals.yml" : "glance-api.conf");
        Files.write(file, bytes);
        BOUND.check(bytes.length, () -> {
            try {
                GlanceConfig.loader().maxFileSize(8 << 20).load(file);
            } catch (BadStoreConfigurationException typed) {
                // refused: within the bound too
            }
        });
    }

    @Provide
    Arbitrary<byte[]> largeFiles() {
        return Arbitraries.integers().between(100_000, 4_000_000).flatMap(size -> Arbitraries.of(
                "[DEFAULT]\nenabled_backends = a:file\n[glance_store]\ndefault_backend = a\n[a]\n",
                "glance_backend_file: \"yes\"\n").map(head -> {
                    StringBuilder b = new StringBuilder(head);
                    for (int i = 0; b.length() < size; i++) {
                        b.append(head.startsWith("[") ? "key_" + i + " = value " + i + "\n"
                                : "glance_extra_" + i + ": \"value " + i + "\"\n");
                    }
                    return b.toString().getBytes(StandardCharsets.UTF_8);
                }));
    }

    private void check(String name, byte[] bytes) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, bytes);
        BOUND.check(bytes.length, () -> {
            GlanceConfig config;
            try {
                config = GlanceConfig.load(file);
            } catch (BadStoreConfigurationException typed) {
                assertThat(typed.getMessage()).doesNotContain(SECRET).doesNotContain("\n");
                Statistics.label("outcome").collect("refused");
                return;
            }
            Statistics.label("outcome").collect("read");
            config.validate().values().forEach(p -> assertThat(p.getMessage()).doesNotContain(SECRET));
            assertThat(config.warnings()).noneMatch(w -> w.contains(SECRET));
            for (BackendConfig b : config.backends()) {
                b.displayOptions().forEach((key, shown) -> {
                    if (!isPlain(b.type(), key)) {
                        assertThat(shown).as("option " + key + " of " + b.type() + " backend " + b.id())
                                .doesNotContain(SECRET);
                    }
                });
            }
            if (!secretGivenToAPlainOption(config)) {
                assertThat(config.describe() + config.toString()).doesNotContain(SECRET);
            }
        });
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.toList()).as("reading and checking created nothing").containsExactly(file);
        }
        Statistics.label("outcome").coverage(c -> c.check("read").percentage(p -> p > 5));
    }

    /**
     * Whether an option's value is meant to be shown: its type's driver declares it, not as a
     * secret. The values of all other options (secrets, and options nobody reads, which may be a
     * misspelt secret) must never show.
     */
    private static boolean isPlain(String type, String key) {
        StoreOption<?> option = DECLARED.getOrDefault(type, Map.of()).get(key);
        return option != null && !option.isSecret() && !GlanceConfig.isSecretOption(key);
    }

    /**
     * Whether the file gave the secret-looking value to an option that is shown on purpose: a
     * plain option of a backend (outside a URI's credentials), the cache folder, or Kolla's data
     * volume, which a note names.
     */
    private static boolean secretGivenToAPlainOption(GlanceConfig config) {
        for (BackendConfig b : config.backends()) {
            for (Map.Entry<String, String> o : b.options().entrySet()) {
                if (isPlain(b.type(), o.getKey()) && Locations.mask(o.getValue()).contains(SECRET)) {
                    return true;
                }
            }
        }
        return config.cache().map(c -> String.valueOf(c.dir()).contains(SECRET)).orElse(false)
                || config.notes().stream().anyMatch(n -> n.startsWith("glance_file_datadir_volume '")
                        && n.contains(SECRET));
    }

    /** The bytes with a few random changes: flipped bits, bytes that are not UTF-8, cuts, repeats. */
    static byte[] mutated(byte[] bytes, long seed) {
        Random r = new Random(seed);
        byte[] b = bytes.clone();
        int changes = 1 + r.nextInt(4);
        for (int i = 0; i < changes && b.length > 0; i++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(4)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) (0x80 + r.nextInt(0x80));
                case 2 -> b = java.util.Arrays.copyOf(b, at);
                default -> {
                    byte[] twice = java.util.Arrays.copyOf(b, b.length + at);
                    System.arraycopy(b, 0, twice, b.length, at);
                    b = twice;
                }
            }
        }
        return b;
    }
}
