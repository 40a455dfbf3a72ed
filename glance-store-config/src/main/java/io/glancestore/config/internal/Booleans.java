package io.glancestore.config.internal;

import java.util.Locale;
import java.util.Optional;

/** Booleans as oslo.config and Ansible's {@code bool} filter spell them. */
public final class Booleans {

    private Booleans() {
    }

    /**
     * Parses a boolean.
     *
     * @param value the text
     * @return the value, empty when it is not a boolean
     */
    public static Optional<Boolean> parse(String value) {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1": case "y":
                return Optional.of(Boolean.TRUE);
            case "false": case "no": case "off": case "0": case "n":
                return Optional.of(Boolean.FALSE);
            default:
                return Optional.empty();
        }
    }
}
