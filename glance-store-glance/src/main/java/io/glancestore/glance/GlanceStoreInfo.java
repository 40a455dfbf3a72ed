package io.glancestore.glance;

import java.util.Objects;

/**
 * A store of a multi-store Glance, as {@code GET /v2/info/stores} lists it.
 *
 * @param id the store id ({@code fast} in {@code enabled_backends = fast:rbd})
 * @param description its description, or {@code null}
 * @param isDefault whether new images go there by default
 */
public record GlanceStoreInfo(String id, String description, boolean isDefault) {

    /** Checks the id. */
    public GlanceStoreInfo {
        Objects.requireNonNull(id, "id");
    }
}
