package io.glancestore.keystone.internal;

import io.glancestore.exception.BadStoreConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads one cloud of a {@code clouds.yaml}, merged with the {@code secure.yaml} beside it, into
 * flat {@code key=value} pairs: the cloud's own scalar keys and those of its {@code auth} map.
 * The files are read with a size cap and snakeyaml's safe constructor: no types, few aliases.
 */
public final class CloudsYaml {

    /** clouds.yaml files are a few KiB; a larger one is not what it claims to be. */
    static final long MAX_FILE_SIZE = 1 << 20;
    private static final int ALIAS_LIMIT = 20;

    private CloudsYaml() {
    }

    /**
     * Where clouds.yaml is looked for, in order, as the OpenStack tools look.
     *
     * @param explicit {@code OS_CLIENT_CONFIG_FILE}, or {@code null}
     * @return the candidates
     */
    public static List<Path> searchPath(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return List.of(Path.of(explicit));
        }
        return List.of(Path.of("clouds.yaml"),
                Path.of(System.getProperty("user.home"), ".config", "openstack", "clouds.yaml"),
                Path.of("/etc/openstack/clouds.yaml"));
    }

    /**
     * The values of a cloud.
     *
     * @param name the cloud
     * @param candidates where clouds.yaml may be; the first that exists is read
     * @return the cloud's values, keys normalised
     * @throws BadStoreConfigurationException if no file exists, the cloud is not in it, or a
     *     file is unreadable, too large or malformed
     */
    public static Map<String, String> cloud(String name, List<Path> candidates) {
        Path file = null;
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                file = p;
                break;
            }
        }
        if (file == null) {
            throw new BadStoreConfigurationException("OS_CLOUD names cloud '" + name + "', but no clouds.yaml is in "
                    + candidates);
        }
        Map<String, String> values = new HashMap<>();
        Object cloud = clouds(file).get(name);
        if (!(cloud instanceof Map)) {
            throw new BadStoreConfigurationException(file + " has no cloud '" + name + "'");
        }
        flatten((Map<?, ?>) cloud, values, file);
        Path secure = file.resolveSibling("secure.yaml");
        if (Files.isRegularFile(secure) && clouds(secure).get(name) instanceof Map<?, ?> secrets) {
            flatten(secrets, values, secure);
        }
        aliases(values);
        return values;
    }

    private static Map<?, ?> clouds(Path file) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(ALIAS_LIMIT);
            options.setAllowDuplicateKeys(false);
            options.setNestingDepthLimit(20);
            root = new Yaml(new SafeConstructor(options)).load(read(file));
        } catch (YAMLException e) {
            // snakeyaml's message quotes the offending text, which may be a secret: position only.
            throw new BadStoreConfigurationException(file + " is not valid YAML"
                    + (e.getMessage() != null && e.getMessage().contains(" line ")
                    ? " (" + e.getMessage().substring(e.getMessage().lastIndexOf(" line ")).trim() + ")" : ""));
        }
        if (!(root instanceof Map) || !(((Map<?, ?>) root).get("clouds") instanceof Map)) {
            throw new BadStoreConfigurationException(file + " has no 'clouds' mapping");
        }
        return (Map<?, ?>) ((Map<?, ?>) root).get("clouds");
    }

    private static String read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_SIZE + 1);
            if (bytes.length > MAX_FILE_SIZE) {
                throw new BadStoreConfigurationException(file + " is larger than " + MAX_FILE_SIZE + " bytes");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadStoreConfigurationException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new BadStoreConfigurationException("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static void flatten(Map<?, ?> cloud, Map<String, String> into, Path file) {
        for (Map.Entry<?, ?> e : cloud.entrySet()) {
            String key = normalize(String.valueOf(e.getKey()));
            if (key.equals("auth")) {
                if (!(e.getValue() instanceof Map)) {
                    throw new BadStoreConfigurationException(file + ": 'auth' of the cloud must be a mapping");
                }
                for (Map.Entry<?, ?> a : ((Map<?, ?>) e.getValue()).entrySet()) {
                    scalar(into, normalize(String.valueOf(a.getKey())), a.getValue());
                }
            } else {
                scalar(into, key, e.getValue());
            }
        }
    }

    private static void scalar(Map<String, String> into, String key, Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            String s = String.valueOf(value).trim();
            if (!s.isEmpty()) {
                into.put(key, s);
            }
        } else if (key.equals("regions") && value instanceof List<?> regions && !regions.isEmpty()
                && !into.containsKey("region_name")) {
            // The first region of a list is the default one, as the OpenStack tools take it.
            Object first = regions.get(0);
            Object region = first instanceof Map<?, ?> m ? m.get("name") : first;
            if (region != null) {
                into.put("region_name", String.valueOf(region));
            }
        }
    }

    /**
     * A key as the OpenStack tools compare keys: lower case, {@code -} as {@code _}.
     *
     * @param key the key
     * @return the normalised key
     */
    public static String normalize(String key) {
        return key.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * Keystone v2's tenant names as project names, unless the project is named too.
     *
     * @param values the values, changed in place
     */
    public static void aliases(Map<String, String> values) {
        for (String[] alias : List.of(new String[] {"tenant_name", "project_name"},
                new String[] {"tenant_id", "project_id"})) {
            String old = values.remove(alias[0]);
            if (old != null) {
                values.putIfAbsent(alias[1], old);
            }
        }
        new ArrayList<>(values.keySet()).stream().filter(k -> k.endsWith("_endpoint") && !k.equals("endpoint"))
                .forEach(k -> values.putIfAbsent(k + "_override", values.get(k)));
    }
}
