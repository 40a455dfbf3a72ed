package io.glancestore.file.internal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One folder images are written to, with its priority from {@code filesystem_store_datadirs}
 * ({@code path:priority}, higher first; 0 when not given).
 *
 * @param path the absolute, normalised folder
 * @param priority its priority
 */
record Datadir(Path path, int priority) {

    /** Validates the values. */
    public Datadir {
        Objects.requireNonNull(path, "path");
        if (!path.isAbsolute() || !path.equals(path.normalize())) {
            throw new IllegalArgumentException("datadir must be absolute and normalised: " + path);
        }
    }
}
