package io.glancestore.glance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.glancestore.exception.BackendException;
import io.glancestore.glance.GlanceImage;
import io.glancestore.glance.GlanceLocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Glance's JSON of an image as a {@link GlanceImage}. */
public final class ImageJson {

    private ImageJson() {
    }

    /**
     * Reads an image.
     *
     * @param image the JSON object Glance answered
     * @return the image
     * @throws BackendException if it has no id or status
     */
    public static GlanceImage parse(JsonNode image) {
        if (!image.path("id").isTextual() || !image.path("status").isTextual()) {
            throw new BackendException("glance answered an image without id or status");
        }
        List<GlanceLocation> locations = new ArrayList<>();
        for (JsonNode l : image.path("locations")) {
            if (l.path("url").isTextual()) {
                Map<String, String> metadata = new LinkedHashMap<>();
                l.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(),
                        e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
                locations.add(new GlanceLocation(l.path("url").asText(), metadata));
            }
        }
        JsonNode size = image.path("size");
        return new GlanceImage(image.path("id").asText(), text(image, "name"), image.path("status").asText(),
                size.canConvertToLong() ? size.asLong() : null, text(image, "checksum"), text(image, "os_hash_algo"),
                text(image, "os_hash_value"), list(image, "stores"), locations,
                list(image, "os_glance_importing_to_stores"), list(image, "os_glance_failed_import"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() && !v.isNull() && !v.asText().isEmpty() ? v.asText() : null;
    }

    /** Glance's comma-separated list properties. */
    private static List<String> list(JsonNode node, String field) {
        String v = text(node, field);
        return v == null ? List.of() : Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
