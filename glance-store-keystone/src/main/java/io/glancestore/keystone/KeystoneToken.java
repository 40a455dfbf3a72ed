package io.glancestore.keystone;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A Keystone token and its service catalog. The token is a secret: {@link #toString()} never
 * shows it.
 */
public final class KeystoneToken {

    private final String id;
    private final Instant expires;
    private final List<CatalogEndpoint> catalog;

    /**
     * A token.
     *
     * @param id the token ({@code X-Subject-Token})
     * @param expires when it expires, or {@code null} if Keystone did not say
     * @param catalog its service catalog
     */
    public KeystoneToken(String id, Instant expires, List<CatalogEndpoint> catalog) {
        this.id = Objects.requireNonNull(id, "id");
        this.expires = expires;
        this.catalog = List.copyOf(catalog);
    }

    /**
     * The token, for the {@code X-Auth-Token} header. Never log it.
     *
     * @return the token
     */
    public String id() {
        return id;
    }

    /**
     * When the token expires.
     *
     * @return the time, or empty if Keystone did not say
     */
    public Optional<Instant> expires() {
        return Optional.ofNullable(expires);
    }

    /**
     * The service catalog.
     *
     * @return the endpoints
     */
    public List<CatalogEndpoint> catalog() {
        return catalog;
    }

    /**
     * Whether the token expires within a margin of a given time.
     *
     * @param margin the margin
     * @param now the time
     * @return true if it expires at or before {@code now + margin}
     */
    public boolean expiresWithin(Duration margin, Instant now) {
        return expires != null && !now.plus(margin).isBefore(expires);
    }

    /**
     * The catalog's URL of a service.
     *
     * @param serviceType the service type, e.g. {@code image}
     * @param interfaceName {@code public}, {@code internal} or {@code admin} (also accepted with
     *     Keystone v2's {@code URL} suffix, e.g. {@code internalURL})
     * @param region the region, or {@code null} for any
     * @return the first matching endpoint's URL
     */
    public Optional<String> endpoint(String serviceType, String interfaceName, String region) {
        String wanted = interfaceName.toLowerCase(Locale.ROOT).replaceFirst("url$", "");
        for (CatalogEndpoint e : catalog) {
            if (e.serviceType().equals(serviceType) && e.interfaceName().equals(wanted)
                    && (region == null || region.equals(e.region()))) {
                return Optional.of(e.url());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "KeystoneToken{expires=" + expires + ", endpoints=" + catalog.size() + ", id=***}";
    }
}
