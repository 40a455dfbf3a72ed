package io.glancestore.config.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a reader found in a file.
 *
 * @param source the file
 * @param format {@code glance-api.conf} or {@code globals.yml}
 * @param backends the backends in configuration order
 * @param defaultBackend the default backend id
 * @param cacheOptions cache options by Glance name, empty when no cache is configured
 * @param cacheOrigins where each cache option was set
 * @param hashAlgorithm Glance's {@code hashing_algorithm}, or {@code null}
 * @param warnings what was questionable
 * @param notes how the file was interpreted (Kolla's rendering decisions)
 */
public record ParsedConfig(Path source, String format, List<ParsedBackend> backends, String defaultBackend,
        Map<String, String> cacheOptions, Map<String, Origin> cacheOrigins, String hashAlgorithm,
        List<String> warnings, List<String> notes) {
}
