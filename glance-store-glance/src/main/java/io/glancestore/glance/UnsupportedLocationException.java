package io.glancestore.glance;

import io.glancestore.exception.InvalidException;

/**
 * Glance does not take this kind of location through its API: it refuses {@code file://}
 * locations whatever the store. For a file store, upload the image through Glance
 * ({@link GlanceClient#upload}) or let Glance copy it there ({@link GlanceClient#copyImage}).
 */
public class UnsupportedLocationException extends InvalidException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused and what to do instead
     */
    public UnsupportedLocationException(String message) {
        super(message);
    }
}
