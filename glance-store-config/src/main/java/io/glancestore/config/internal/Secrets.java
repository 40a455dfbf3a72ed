package io.glancestore.config.internal;

import io.glancestore.location.Locations;
import java.util.Locale;
import java.util.regex.Pattern;

/** Decides which option values are secrets and masks them for display. */
public final class Secrets {

    /** What a masked value shows. */
    public static final String MASK = "***";

    private static final Pattern SECRET_KEY = Pattern.compile(
            ".*(password|passwd|secret|token|credential).*|.*_key");

    private Secrets() {
    }

    /**
     * Whether an option holds a secret ({@code swift_store_key}, {@code vmware_server_password},
     * {@code s3_store_secret_key}, ...).
     *
     * @param key the option name
     * @return true if its value must never be shown
     */
    public static boolean isSecret(String key) {
        return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * A backend's option value fit to show: masked unless the option may be shown
     * ({@link KnownOptions#mayShow}), credentials in URIs masked in any case.
     *
     * @param known the options of the drivers at hand
     * @param type the backend's store type
     * @param key the option name
     * @param value the value
     * @return the displayable value
     */
    public static String display(KnownOptions known, String type, String key, String value) {
        if (value == null) {
            return null;
        }
        if (!known.mayShow(type, key)) {
            return value.isEmpty() ? "" : MASK;
        }
        return Locations.mask(value);
    }
}
