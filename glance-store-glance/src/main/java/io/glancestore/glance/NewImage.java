package io.glancestore.glance;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Glance image record to create ({@code POST /v2/images}).
 *
 * @param id the id to give it, or {@code null} for Glance to choose
 * @param name the name, or {@code null}
 * @param diskFormat e.g. {@code raw}, {@code qcow2}
 * @param containerFormat e.g. {@code bare}
 * @param properties extra properties (strings)
 */
public record NewImage(String id, String name, String diskFormat, String containerFormat,
        Map<String, String> properties) {

    /** Checks and freezes the values. */
    public NewImage {
        Objects.requireNonNull(diskFormat, "diskFormat");
        Objects.requireNonNull(containerFormat, "containerFormat");
        properties = Map.copyOf(properties);
    }

    /**
     * A raw, bare image with a name.
     *
     * @param name the name
     * @return the record to create
     */
    public static NewImage named(String name) {
        return new NewImage(null, name, "raw", "bare", Map.of());
    }

    /**
     * The same, with a given id.
     *
     * @param imageId the id
     * @return a new record
     */
    public NewImage withId(String imageId) {
        return new NewImage(imageId, name, diskFormat, containerFormat, properties);
    }

    /**
     * The same, with other formats.
     *
     * @param disk the disk format
     * @param container the container format
     * @return a new record
     */
    public NewImage withFormats(String disk, String container) {
        return new NewImage(id, name, disk, container, properties);
    }

    /**
     * The same, with one more property.
     *
     * @param key the property
     * @param value its value
     * @return a new record
     */
    public NewImage withProperty(String key, String value) {
        Map<String, String> p = new LinkedHashMap<>(properties);
        p.put(key, value);
        return new NewImage(id, name, diskFormat, containerFormat, p);
    }
}
