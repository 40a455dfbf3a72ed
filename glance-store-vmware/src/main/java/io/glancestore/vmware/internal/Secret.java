package io.glancestore.vmware.internal;

import java.util.Objects;

/**
 * A password or session cookie: its value is only handed out on purpose, never in
 * {@link #toString()}, so it cannot slip into a log line or an exception message.
 */
public final class Secret {

    private final String value;

    /**
     * Wraps a secret value.
     *
     * @param value the value
     */
    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /**
     * The value, for the one place that sends it.
     *
     * @return the secret value
     */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "******";
    }
}
