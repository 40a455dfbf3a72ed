package io.glancestore.swift.internal;

import io.glancestore.exception.BadStoreConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a glance-swift.conf ({@code swift_store_config_file}): INI sections, one per reference,
 * with {@code auth_address}, {@code user}, {@code key} and optionally {@code auth_version},
 * {@code user_domain_id}, {@code user_domain_name}, {@code project_domain_id},
 * {@code project_domain_name} (and our {@code application_credential_id}). Values may be quoted,
 * as glance_store's parser allows. A section missing a required key is skipped with its name
 * reported, never its values.
 */
final class SwiftReferenceFile {

    private SwiftReferenceFile() {
    }

    static Map<String, SwiftReference> read(Path file, String defaultAuthVersion) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadStoreConfigurationException("swift config file " + file + " cannot be read: "
                    + e.getClass().getSimpleName());
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        String lastKey = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip(),
                        k -> new LinkedHashMap<>());
                lastKey = null;
                continue;
            }
            if (current == null) {
                throw new BadStoreConfigurationException("swift config file " + file
                        + ": option outside of a [reference] section");
            }
            if (Character.isWhitespace(raw.charAt(0)) && lastKey != null) {
                current.merge(lastKey, "\n" + line, String::concat);
                continue;
            }
            int eq = firstOf(line, '=', ':');
            if (eq <= 0) {
                throw new BadStoreConfigurationException("swift config file " + file + ": a line of section is not "
                        + "'key = value'");
            }
            lastKey = line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
            current.put(lastKey, unquote(line.substring(eq + 1).strip(), file));
        }
        Map<String, SwiftReference> references = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> section : sections.entrySet()) {
            Map<String, String> v = section.getValue();
            String appCred = blankToNull(v.get("application_credential_id"));
            if (v.get("auth_address") == null || v.get("key") == null || (v.get("user") == null && appCred == null)) {
                throw new BadStoreConfigurationException("swift config file " + file + ": reference ["
                        + section.getKey() + "] needs auth_address, user and key");
            }
            String version = blankToNull(v.get("auth_version"));
            references.put(section.getKey(), new SwiftReference(section.getKey(), v.get("auth_address"),
                    v.get("user"), v.get("key"), SwiftStoreConfig.authVersion(version == null ? defaultAuthVersion
                            : version, "auth_version of [" + section.getKey() + "] in " + file),
                    blankToNull(v.get("user_domain_id")), blankToNull(v.get("user_domain_name")),
                    blankToNull(v.get("project_domain_id")), blankToNull(v.get("project_domain_name")), appCred));
        }
        return references;
    }

    private static int firstOf(String line, char a, char b) {
        int i = line.indexOf(a);
        int j = line.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static String unquote(String value, Path file) {
        if (!value.isEmpty() && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
            if (value.length() == 1 || value.charAt(value.length() - 1) != value.charAt(0)) {
                throw new BadStoreConfigurationException("swift config file " + file + ": a value has a non-closed quote");
            }
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
