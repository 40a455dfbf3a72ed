package io.glancestore.spi;

import io.glancestore.exception.BadStoreUriException;
import io.glancestore.location.Locations;
import io.glancestore.location.StoreLocation;
import java.util.List;
import java.util.Set;

/**
 * Creates drivers of one Glance store type from configuration. Each driver artifact registers
 * one in {@code META-INF/services/io.glancestore.spi.StoreDriverProvider}, so a registry finds
 * it with {@link java.util.ServiceLoader} by type name.
 *
 * <p>A provider also describes its configuration without creating anything: the options its
 * drivers read ({@link #options()}, the same definitions the driver reads its values through)
 * and a static check of a set of values ({@link #validate}), so configuration tools can check a
 * {@code glance-api.conf} exactly as the driver would, with no server and no side effect.
 *
 * <p>A location type lives with its driver: the provider names the URI schemes of its
 * locations ({@link #locationSchemes()}) and parses them without a store
 * ({@link #parseLocation}), so that {@link Locations#storeType} and {@link Locations#parse} find
 * them.
 */
public interface StoreDriverProvider {

    /**
     * The Glance store type this provider creates: {@code file}, {@code rbd}, {@code swift},
     * {@code vmware}, ...
     *
     * @return the type name
     */
    String type();

    /**
     * Every option drivers of this type read, each once.
     *
     * @return the definitions, in a stable order
     */
    List<StoreOption<?>> options();

    /**
     * Checks options as {@link #create} does before it opens anything: every value and every
     * combination of values the driver checks, and local files it must read (a CA bundle, a
     * {@code ceph.conf}); never the network, never a write.
     *
     * @param options the backend's options, with Glance's option names
     * @throws io.glancestore.exception.BadStoreConfigurationException naming the first option at
     *     fault (never its value)
     */
    void validate(StoreOptions options);

    /**
     * Creates a driver, after the same checks as {@link #validate}.
     *
     * @param options the backend's options, with Glance's option names
     * @return the driver
     * @throws io.glancestore.exception.BadStoreConfigurationException if the options are invalid
     */
    StoreDriver create(StoreOptions options);

    /**
     * The URI schemes of this type's locations, in lower case (for instance {@code s3},
     * {@code s3+http} and {@code s3+https}); {@link Locations} finds a location's type and
     * parser by them.
     *
     * @return the schemes; empty by default (a driver whose locations no tool can parse)
     */
    default Set<String> locationSchemes() {
        return Set.of();
    }

    /**
     * Parses a location of one of {@link #locationSchemes()}, without configuration and without
     * creating a driver; a driver of this type parses locations the same way.
     *
     * @param uri the location URI
     * @return the parsed location
     * @throws BadStoreUriException if the URI is malformed or not of this provider's schemes
     */
    default StoreLocation parseLocation(String uri) {
        throw new BadStoreUriException("the " + type() + " driver parses no locations of its own: "
                + Locations.mask(uri));
    }
}
