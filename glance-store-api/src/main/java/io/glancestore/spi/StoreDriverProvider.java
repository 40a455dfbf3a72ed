package io.glancestore.spi;

/**
 * Creates drivers of one Glance store type from configuration. Each driver artifact registers
 * one in {@code META-INF/services/io.glancestore.spi.StoreDriverProvider}, so a registry finds
 * it with {@link java.util.ServiceLoader} by type name.
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
     * Creates a driver.
     *
     * @param options the backend's options, with Glance's option names
     * @return the driver
     * @throws io.glancestore.exception.BadStoreConfigurationException if the options are invalid
     */
    StoreDriver create(StoreOptions options);
}
