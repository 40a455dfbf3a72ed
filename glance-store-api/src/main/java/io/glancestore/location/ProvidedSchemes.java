package io.glancestore.location;

import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.support.DriverDiscovery;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The location schemes that driver providers on this library's class path declare
 * ({@link StoreDriverProvider#locationSchemes()}), found once, on first use. Two providers
 * claiming one scheme: the first found keeps it and the other is named in a warning. A provider
 * that cannot be loaded is skipped: creating its store reports why.
 */
final class ProvidedSchemes {

    private static final Logger LOG = LoggerFactory.getLogger(ProvidedSchemes.class);

    private ProvidedSchemes() {
    }

    /** Loaded on first use, so that the providers' classes load only when a scheme is asked for. */
    private static final class Found {
        static final Map<String, StoreDriverProvider> BY_SCHEME = load();
    }

    /**
     * The provider that declares a scheme.
     *
     * @param scheme a scheme, any case
     * @return the provider, if one on the class path declares it
     */
    static Optional<StoreDriverProvider> provider(String scheme) {
        return Optional.ofNullable(Found.BY_SCHEME.get(scheme.toLowerCase(Locale.ROOT)));
    }

    private static Map<String, StoreDriverProvider> load() {
        Map<String, StoreDriverProvider> found = new LinkedHashMap<>();
        for (StoreDriverProvider p : DriverDiscovery.loadable(ProvidedSchemes.class.getClassLoader())) {
            for (String scheme : p.locationSchemes()) {
                StoreDriverProvider first = found.putIfAbsent(scheme.toLowerCase(Locale.ROOT), p);
                if (first != null && first != p) {
                    LOG.warn("location scheme '{}' is declared by {} and {}; {} is used", scheme,
                            first.getClass().getName(), p.getClass().getName(), first.getClass().getName());
                }
            }
        }
        return Collections.unmodifiableMap(found);
    }
}
