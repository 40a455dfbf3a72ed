package io.glancestore.support;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.spi.StoreDriverProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds store driver providers on the class path by Glance type name. Two providers claiming
 * the same type is an error unless the caller names one explicitly: picking one silently would
 * make behaviour depend on class path order.
 */
public final class DriverDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(DriverDiscovery.class);

    private static final Map<String, String> ARTIFACT_HINTS = Map.of(
            "file", "io.glancestore:glance-store-file",
            "rbd", "io.glancestore:glance-store-ceph",
            "swift", "io.glancestore:glance-store-swift",
            "vmware", "io.glancestore:glance-store-vmware",
            "s3", "io.glancestore:glance-store-s3");

    private final Map<String, List<StoreDriverProvider>> discovered = new HashMap<>();
    private final Map<String, StoreDriverProvider> explicit;

    /**
     * Loads providers with a class loader.
     *
     * @param loader where to look
     * @param explicit providers named by the caller, by type; they win over discovered ones
     */
    public DriverDiscovery(ClassLoader loader, Map<String, StoreDriverProvider> explicit) {
        this.explicit = Map.copyOf(explicit);
        for (StoreDriverProvider p : ServiceLoader.load(StoreDriverProvider.class, loader)) {
            discovered.computeIfAbsent(p.type(), k -> new ArrayList<>()).add(p);
        }
    }

    /**
     * Every provider that loads through a class loader, in class path order, for tools that
     * describe what is installed (option catalogues, location schemes). A provider that cannot be
     * loaded is skipped with a warning rather than hiding the others; creating its store reports
     * why.
     *
     * @param loader where to look
     * @return the providers that loaded
     */
    public static List<StoreDriverProvider> loadable(ClassLoader loader) {
        List<StoreDriverProvider> loaded = new ArrayList<>();
        Iterator<StoreDriverProvider> providers = ServiceLoader.load(StoreDriverProvider.class, loader).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    return loaded;
                }
                loaded.add(providers.next());
            } catch (ServiceConfigurationError e) {
                LOG.warn("a store driver provider cannot be loaded: {}", e.getMessage());
            }
        }
    }

    /**
     * The provider for a type.
     *
     * @param type the Glance type name
     * @return the provider
     * @throws BadStoreConfigurationException if none or several are found
     */
    public StoreDriverProvider provider(String type) {
        StoreDriverProvider chosen = explicit.get(type);
        if (chosen != null) {
            return chosen;
        }
        List<StoreDriverProvider> found = discovered.getOrDefault(type, List.of());
        if (found.isEmpty()) {
            String hint = ARTIFACT_HINTS.containsKey(type)
                    ? " (add the artifact " + ARTIFACT_HINTS.get(type) + ")" : "";
            throw new BadStoreConfigurationException("no store driver of type '" + type
                    + "' on the class path" + hint + "; available: " + discovered.keySet());
        }
        if (found.size() > 1) {
            throw new BadStoreConfigurationException("several store drivers of type '" + type + "' on the class path: "
                    + found.stream().map(p -> p.getClass().getName()).collect(Collectors.joining(", "))
                    + "; name one with StoreRegistry.Builder.provider(...)");
        }
        return found.get(0);
    }
}
