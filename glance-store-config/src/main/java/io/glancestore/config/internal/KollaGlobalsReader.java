package io.glancestore.config.internal;

import io.glancestore.config.ConfigFileException;
import java.io.StringReader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a Kolla {@code globals.yml} and renders what kolla-ansible's glance role would put in
 * {@code glance-api.conf}: which backends are enabled (with Kolla's defaults: file unless ceph,
 * s3 or vmware is on; swift follows {@code enable_swift}), which is the default (vmware, then
 * ceph, then swift, then s3, then file), each backend's options and the image cache. Jinja
 * templates in values are not evaluated. Kolla's always-on {@code http} backend and its
 * {@code cinder} backend are not built (read-only / another service), which is noted.
 */
public final class KollaGlobalsReader {

    private static final String KOLLA_DEFAULT = "Kolla default";
    /** globals.yml is a flat mapping: deeper nesting is not Kolla's. */
    private static final int NESTING_LIMIT = 20;
    /** Aliases are legal YAML, but a handful is all a globals.yml could want. */
    private static final int ALIAS_LIMIT = 20;
    /** The keys this reader interprets. */
    private static final Set<String> USED = Set.of("glance_backend_file", "glance_file_datadir_volume",
            "glance_backend_ceph", "glance_backend_swift", "glance_backend_vmware", "glance_backend_s3",
            "enable_swift", "enable_glance_image_cache", "glance_cache_max_size", "ceph_glance_user",
            "ceph_glance_pool_name", "ceph_cluster", "vmware_vcenter_host_ip", "vmware_vcenter_host_username",
            "vmware_vcenter_host_password", "vmware_vcenter_name", "vmware_datastore_name",
            "openstack_region_name", "glance_default_backend", "enable_cinder", "enable_glance",
            "glance_backend_s3_url", "glance_backend_s3_bucket", "glance_backend_s3_access_key",
            "glance_backend_s3_secret_key", "s3_url", "s3_bucket", "s3_access_key", "s3_secret_key");
    /** Glance keys of Kolla that do not concern the stores or the cache. */
    private static final Set<String> OTHER_GLANCE_KEYS = Set.of("glance_enable_rolling_upgrade",
            "glance_api_workers", "glance_enable_tls_backend", "glance_enable_property_protection",
            "glance_enable_interoperable_image_import", "glance_external_fqdn", "glance_internal_fqdn",
            "glance_keystone_user", "glance_logging_debug", "glance_api_port", "glance_api_listen_port",
            "glance_api_public_port", "glance_database_name", "glance_database_user", "glance_database_address",
            "glance_tag", "glance_api_image", "glance_api_tag", "glance_policy_file", "glance_dev_mode",
            "glance_api_hosts", "glance_copy_certs", "glance_extra_volumes", "glance_api_extra_volumes",
            "glance_install_type", "glance_ks_services", "glance_ks_users", "glance_notification_topics",
            "glance_api_dimensions", "glance_tls_proxy_tag", "glance_source_version", "glance_git_repository",
            "ceph_glance_keyring", "ceph_glance_user_keyring", "glance_enable_cors",
            "glance_use_ssl", "glance_enabled_notification_topics");

    private final Path file;
    private final Map<String, ScalarNode> values = new LinkedHashMap<>();
    private final ProblemSink problems;
    private final List<String> notes = new ArrayList<>();

    private KollaGlobalsReader(Path file, boolean strict) {
        this.file = file;
        this.problems = new ProblemSink(strict);
    }

    /**
     * Reads a globals.yml.
     *
     * @param file the file
     * @param strict whether unknown glance keys and templated values are errors
     * @param maxBytes the largest file accepted
     * @return what Kolla would configure
     * @throws ConfigFileException if unreadable, too large, malformed or a value is bad
     */
    public static ParsedConfig read(Path file, boolean strict, long maxBytes) {
        KollaGlobalsReader r = new KollaGlobalsReader(file, strict);
        r.load(ConfigText.read(file, maxBytes), maxBytes);
        return r.render();
    }

    private void load(String text, long maxBytes) {
        Node root;
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxBytes)); // the text is already bounded
        options.setNestingDepthLimit(NESTING_LIMIT);
        options.setMaxAliasesForCollections(ALIAS_LIMIT);
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ConfigFileException(file, line, null, "is not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            // SnakeYAML's own limits (nesting, aliases): its message says which.
            throw new ConfigFileException(file, 0, null, "cannot be read as YAML: " + e.getMessage());
        }
        if (root == null) {
            return; // an empty globals.yml: everything at Kolla's defaults
        }
        if (!(root instanceof MappingNode)) {
            throw new ConfigFileException(file, line(root), null, "must be a mapping of variables to values");
        }
        for (NodeTuple t : ((MappingNode) root).getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode)) {
                throw new ConfigFileException(file, line(t.getKeyNode()), null, "variable names must be plain text");
            }
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            Node v = t.getValueNode();
            if (USED.contains(key) && !(v instanceof ScalarNode)) {
                throw new ConfigFileException(file, line(v), key, "must be a single value, not a list or mapping");
            }
            if (values.containsKey(key)) {
                problems.warn(file, line(t.getKeyNode()), key, "is set twice; the last one is used");
            }
            if (v instanceof ScalarNode) {
                values.put(key, (ScalarNode) v);
            }
            if (!USED.contains(key) && !OTHER_GLANCE_KEYS.contains(key)
                    && (key.startsWith("glance_") || key.startsWith("ceph_glance_"))) {
                problems.warn(file, line(t.getKeyNode()), key, "is not a Kolla glance variable this tool knows");
            }
        }
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private Origin origin(String key) {
        ScalarNode n = values.get(key);
        return n == null ? Origin.implied(KOLLA_DEFAULT) : Origin.at(file, line(n));
    }

    /** A value as text: absent when unset, null (~) or a template that cannot be evaluated. */
    private Optional<String> text(String key) {
        ScalarNode n = values.get(key);
        if (n == null || n.getTag().getValue().endsWith(":null")) {
            return Optional.empty();
        }
        String v = n.getValue();
        if (v.contains("{{") || v.contains("{%")) {
            problems.warn(file, line(n), key, "is a Jinja template, which is not evaluated here; Kolla's default is used");
            return Optional.empty();
        }
        return Optional.of(v);
    }

    private boolean bool(String key, boolean defaultValue) {
        Optional<String> v = text(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        return Booleans.parse(v.get()).orElseThrow(() -> new ConfigFileException(file, line(values.get(key)), key,
                "must be yes or no (true/false)"));
    }

    private String string(String key, String defaultValue) {
        return text(key).filter(s -> !s.isBlank()).map(String::strip).orElse(defaultValue);
    }

    private ParsedConfig render() {
        if (!bool("enable_glance", true)) {
            notes.add("enable_glance is off: Kolla deploys no Glance; the stores below are what it would configure");
        }
        boolean ceph = bool("glance_backend_ceph", false);
        boolean s3 = bool("glance_backend_s3", false);
        boolean vmware = bool("glance_backend_vmware", false);
        boolean swift = bool("glance_backend_swift", bool("enable_swift", false));
        boolean file = bool("glance_backend_file", !(ceph || s3 || vmware));
        boolean cinder = bool("enable_cinder", false);

        String volume = string("glance_file_datadir_volume", "glance");
        boolean hostPath = volume.startsWith("/");
        String glanceDir = hostPath ? hostFolder(volume) : "/var/lib/glance";
        if (!hostPath && (file || bool("enable_glance_image_cache", false))) {
            notes.add("glance_file_datadir_volume '" + volume + "' is a container volume: paths are those inside"
                    + " the glance_api container (/var/lib/glance)");
        }

        List<ParsedBackend> backends = new ArrayList<>();
        // Kolla's order: s3, file, http, vmware, cinder, swift, then the ceph backends.
        if (s3) {
            Map<String, String> o = new LinkedHashMap<>();
            Map<String, Origin> at = new LinkedHashMap<>();
            opt(o, at, "s3_store_host", "glance_backend_s3_url", "s3_url", null);
            opt(o, at, "s3_store_access_key", "glance_backend_s3_access_key", "s3_access_key", null);
            opt(o, at, "s3_store_secret_key", "glance_backend_s3_secret_key", "s3_secret_key", null);
            opt(o, at, "s3_store_bucket", "glance_backend_s3_bucket", "s3_bucket", null);
            backends.add(new ParsedBackend("s3", "s3", o, at, 0, "globals.yml glance_backend_s3"));
        }
        if (file) {
            Map<String, String> o = new LinkedHashMap<>();
            Map<String, Origin> at = new LinkedHashMap<>();
            o.put("filesystem_store_datadir", glanceDir + "/images/");
            at.put("filesystem_store_datadir", values.containsKey("glance_file_datadir_volume")
                    ? origin("glance_file_datadir_volume") : Origin.implied(KOLLA_DEFAULT));
            backends.add(new ParsedBackend("file", "file", o, at, 0, "globals.yml glance_backend_file"));
        }
        notes.add("http:http is enabled by Kolla as a read-only store; not built");
        if (vmware) {
            Map<String, String> o = new LinkedHashMap<>();
            Map<String, Origin> at = new LinkedHashMap<>();
            opt(o, at, "vmware_server_host", "vmware_vcenter_host_ip", null, null);
            opt(o, at, "vmware_server_username", "vmware_vcenter_host_username", null, null);
            opt(o, at, "vmware_server_password", "vmware_vcenter_host_password", null, null);
            String dc = string("vmware_vcenter_name", "");
            String ds = string("vmware_datastore_name", "");
            o.put("vmware_datastores", dc + ":" + ds);
            at.put("vmware_datastores", origin(values.containsKey("vmware_datastore_name")
                    ? "vmware_datastore_name" : "vmware_vcenter_name"));
            o.put("vmware_insecure", "True");
            at.put("vmware_insecure", Origin.implied(KOLLA_DEFAULT));
            if (dc.isEmpty() || ds.isEmpty()) {
                problems.warn(this.file, origin("glance_backend_vmware").line(), "glance_backend_vmware",
                        "is on but vmware_vcenter_name or vmware_datastore_name is not set");
            }
            backends.add(new ParsedBackend("vmware", "vmware", o, at, 0, "globals.yml glance_backend_vmware"));
        }
        if (cinder) {
            notes.add("cinder:cinder is enabled by Kolla because enable_cinder is on; not built (no cinder driver)");
        }
        if (swift) {
            Map<String, String> o = new LinkedHashMap<>();
            Map<String, Origin> at = new LinkedHashMap<>();
            Origin kd = Origin.implied(KOLLA_DEFAULT);
            fixed(o, at, "swift_store_container", "glance", kd);
            fixed(o, at, "swift_store_multiple_containers_seed", "0", kd);
            fixed(o, at, "swift_store_multi_tenant", "False", kd);
            fixed(o, at, "swift_store_create_container_on_put", "True", kd);
            fixed(o, at, "swift_store_region", string("openstack_region_name", "RegionOne"),
                    origin("openstack_region_name"));
            fixed(o, at, "default_swift_reference", "swift", kd);
            fixed(o, at, "swift_store_config_file", "/etc/glance/glance-swift.conf", kd);
            fixed(o, at, "swift_store_auth_insecure", "True", kd);
            backends.add(new ParsedBackend("swift", "swift", o, at, 0, "globals.yml glance_backend_swift"));
        }
        if (ceph) {
            Map<String, String> o = new LinkedHashMap<>();
            Map<String, Origin> at = new LinkedHashMap<>();
            fixed(o, at, "rbd_store_user", string("ceph_glance_user", "glance"), origin("ceph_glance_user"));
            fixed(o, at, "rbd_store_pool", string("ceph_glance_pool_name", "images"), origin("ceph_glance_pool_name"));
            fixed(o, at, "rbd_store_ceph_conf", "/etc/ceph/" + string("ceph_cluster", "ceph") + ".conf",
                    origin("ceph_cluster"));
            backends.add(new ParsedBackend("rbd", "rbd", o, at, 0, "globals.yml glance_backend_ceph"));
        }
        if (backends.isEmpty()) {
            throw new ConfigFileException(this.file, 0, "glance_backend_file",
                    "no store is enabled: set one of glance_backend_file, glance_backend_ceph,"
                    + " glance_backend_swift, glance_backend_vmware, glance_backend_s3");
        }
        String def = vmware ? "vmware" : ceph ? "rbd" : swift ? "swift" : s3 ? "s3" : "file";
        Optional<String> chosen = text("glance_default_backend").filter(s -> !s.isBlank()).map(String::strip);
        if (chosen.isPresent()) {
            def = chosen.get();
        }
        String defaultId = def;
        if (backends.stream().noneMatch(b -> b.id().equals(defaultId))) {
            ScalarNode n = values.get("glance_default_backend");
            throw new ConfigFileException(this.file, n == null ? 0 : line(n), "glance_default_backend",
                    "names a backend that is not enabled (enabled: "
                            + String.join(", ", backends.stream().map(ParsedBackend::id).toList()) + ")");
        }

        Map<String, String> cache = new LinkedHashMap<>();
        Map<String, Origin> cacheOrigins = new LinkedHashMap<>();
        if (bool("enable_glance_image_cache", false)) {
            String max = string("glance_cache_max_size", "10737418240");
            if (KnownOptions.check(KnownOptions.Kind.INTEGER, max).isPresent() || max.startsWith("-")) {
                throw new ConfigFileException(this.file, origin("glance_cache_max_size").line(),
                        "glance_cache_max_size", "must be a number of bytes");
            }
            fixed(cache, cacheOrigins, "image_cache_dir", glanceDir + "/image-cache", origin("enable_glance_image_cache"));
            fixed(cache, cacheOrigins, "image_cache_max_size", max, origin("glance_cache_max_size"));
            if (ceph) {
                notes.add("Kolla advises against the image cache in front of Ceph (Nova already caches)");
            }
        }
        return new ParsedConfig(this.file, "globals.yml", backends, def, cache, cacheOrigins, null,
                problems.warnings(), notes);
    }

    /**
     * A host folder as the store will use it: normalised, so what is shown is where images go
     * ({@code /x/../../etc} is {@code /etc}), with a warning when that differs from what was
     * written.
     */
    private String hostFolder(String volume) {
        Path folder;
        try {
            folder = Path.of(volume).normalize();
        } catch (InvalidPathException e) {
            throw new ConfigFileException(file, origin("glance_file_datadir_volume").line(),
                    "glance_file_datadir_volume", "is not a valid path");
        }
        for (Path segment : Path.of(volume)) {
            if (segment.toString().equals("..") || segment.toString().equals(".")) {
                problems.warn(file, origin("glance_file_datadir_volume").line(), "glance_file_datadir_volume",
                        "has '.' or '..' segments: the folder used is " + folder);
                break;
            }
        }
        if (folder.getParent() == null) {
            throw new ConfigFileException(file, origin("glance_file_datadir_volume").line(),
                    "glance_file_datadir_volume", "must not be the root directory");
        }
        return folder.toString();
    }

    private static void fixed(Map<String, String> o, Map<String, Origin> at, String key, String value, Origin origin) {
        o.put(key, value);
        at.put(key, origin);
    }

    private void opt(Map<String, String> o, Map<String, Origin> at, String key, String kollaKey, String fallbackKey,
            String defaultValue) {
        Optional<String> v = text(kollaKey);
        String from = kollaKey;
        if (v.isEmpty() && fallbackKey != null) {
            v = text(fallbackKey);
            from = fallbackKey;
        }
        if (v.isPresent() || defaultValue != null) {
            o.put(key, v.orElse(defaultValue));
            at.put(key, origin(from));
        }
    }
}
