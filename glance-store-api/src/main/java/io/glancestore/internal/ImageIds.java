package io.glancestore.internal;

import io.glancestore.exception.InvalidImageIdException;
import io.glancestore.location.Locations;

/**
 * Checks image ids before any driver sees them. Glance's ids are UUIDs; we accept the
 * characters that survive every location format unquoted and can never escape a folder: ASCII
 * letters, digits and {@code - . _ ~}, not starting with a dot (so {@code .} and {@code ..} are
 * out, and names starting with a dot stay free for temporaries), at most {@value #MAX_LENGTH}
 * characters (file names must stay under the 255-byte limit with a temporary suffix).
 */
public final class ImageIds {

    /** Longest id accepted. */
    public static final int MAX_LENGTH = 200;

    private ImageIds() {
    }

    /**
     * Validates an id.
     *
     * @param imageId the id
     * @return the id
     * @throws InvalidImageIdException if it is not acceptable
     */
    public static String validate(String imageId) {
        if (imageId == null || imageId.isEmpty()) {
            throw new InvalidImageIdException("image id must not be empty");
        }
        if (imageId.length() > MAX_LENGTH) {
            throw new InvalidImageIdException("image id is longer than " + MAX_LENGTH + " characters");
        }
        if (imageId.charAt(0) == '.') {
            throw new InvalidImageIdException("image id must not start with '.': " + printable(imageId));
        }
        for (int i = 0; i < imageId.length(); i++) {
            char c = imageId.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (!ok) {
                throw new InvalidImageIdException("image id contains a character that is not allowed at index "
                        + i + ": " + printable(imageId) + " (allowed: letters, digits, '-', '.', '_', '~')");
            }
        }
        return imageId;
    }

    /** Shows an id in a message, escaped (see {@link Locations#printable}) so logs cannot be forged. */
    static String printable(String s) {
        String shown = s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) + "..." : s;
        return "'" + Locations.printable(shown) + "'";
    }
}
