package io.glancestore.config.internal;

import java.util.Map;

/**
 * A backend as read from a file, with where each option came from.
 *
 * @param id the backend id
 * @param type the Glance store type
 * @param options option values by Glance name (without {@code weight})
 * @param origins where each option and {@code weight} were set
 * @param weight the weight, 0 unless set
 * @param section where the backend's options came from, for messages, e.g. {@code [fast]}
 */
public record ParsedBackend(String id, String type, Map<String, String> options, Map<String, Origin> origins,
        int weight, String section) {
}
