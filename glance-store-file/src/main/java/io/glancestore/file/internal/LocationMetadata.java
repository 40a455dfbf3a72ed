package io.glancestore.file.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entries of {@code filesystem_store_metadata_file}: a JSON object, or a list of them, each
 * with string {@code id} and {@code mountpoint}. As in glance_store, an add returns the first
 * entry whose mountpoint holds the image (so Nova knows which share an image is on), or no
 * metadata when none does.
 */
final class LocationMetadata {

    private static final Logger LOG = LoggerFactory.getLogger(LocationMetadata.class);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** No metadata file configured. */
    static final LocationMetadata NONE = new LocationMetadata(List.of());

    private final List<Map<String, String>> entries;

    private LocationMetadata(List<Map<String, String>> entries) {
        this.entries = entries;
    }

    /**
     * Reads and validates a metadata file.
     *
     * @param file the JSON file
     * @return its entries
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the content is not valid; the message says why
     */
    static LocationMetadata read(Path file) throws IOException {
        Object json;
        try {
            json = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not valid JSON: " + e.getOriginalMessage(), e);
        }
        List<?> items = json instanceof Map ? List.of(json) : json instanceof List ? (List<?>) json : null;
        if (items == null) {
            throw new IllegalArgumentException("must hold a JSON object or a list of objects");
        }
        List<Map<String, String>> entries = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            entries.add(entry(items.get(i), i));
        }
        return new LocationMetadata(List.copyOf(entries));
    }

    private static Map<String, String> entry(Object item, int index) {
        if (!(item instanceof Map)) {
            throw new IllegalArgumentException("entry " + index + " is not a JSON object");
        }
        Map<String, String> entry = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) item).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                // glance_store also refuses numbers and booleans; nested values it accepts do
                // not fit the SDK's string-valued location metadata.
                throw new IllegalArgumentException("entry " + index + ": value of '" + e.getKey()
                        + "' is not a string");
            }
            entry.put((String) e.getKey(), (String) e.getValue());
        }
        for (String required : List.of("id", "mountpoint")) {
            if (!entry.containsKey(required)) {
                throw new IllegalArgumentException("entry " + index + " has no '" + required + "'");
            }
        }
        return Map.copyOf(entry);
    }

    /**
     * The metadata for an image file: the first entry whose mountpoint holds it.
     *
     * @param imagePath the image's absolute path
     * @return the entry, or an empty map when there is none
     */
    Map<String, String> forImage(Path imagePath) {
        if (entries.isEmpty()) {
            return Map.of();
        }
        for (Map<String, String> entry : entries) {
            if (holds(entry.get("mountpoint"), imagePath)) {
                return entry;
            }
        }
        LOG.warn("image path {} is under none of the mountpoints of the store metadata file; "
                + "the image gets no location metadata", imagePath);
        return Map.of();
    }

    /**
     * Whether a mountpoint holds a path. glance_store compares strings, so {@code /mnt/nfs1}
     * would also claim {@code /mnt/nfs10/x}; comparing whole path segments avoids that.
     */
    private static boolean holds(String mountpoint, Path imagePath) {
        try {
            return imagePath.startsWith(Path.of(mountpoint).normalize());
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
