package io.glancestore.keystone;

import java.util.Objects;

/**
 * One endpoint of a token's service catalog.
 *
 * @param serviceType the service type, e.g. {@code image} or {@code object-store}
 * @param interfaceName {@code public}, {@code internal} or {@code admin}
 * @param region the region id, or {@code null}
 * @param url the endpoint's URL
 */
public record CatalogEndpoint(String serviceType, String interfaceName, String region, String url) {

    /** Checks the required parts. */
    public CatalogEndpoint {
        Objects.requireNonNull(serviceType, "serviceType");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(url, "url");
    }
}
