package io.glancestore.swift;

import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOption;
import io.glancestore.spi.StoreOptions;
import java.util.List;
import java.util.Set;
import io.glancestore.swift.internal.SwiftOptions;
import io.glancestore.swift.internal.SwiftStoreDriver;

/**
 * Provides the {@code swift} store type to {@link io.glancestore.StoreRegistry}, configured with
 * glance_store's option names ({@code swift_store_auth_address}, {@code swift_store_user},
 * {@code swift_store_key}, {@code swift_store_auth_version}, {@code swift_store_container},
 * {@code swift_store_config_file} with {@code default_swift_reference}, ...). See
 * {@link SwiftStore} for the behaviour and the module's README for every option.
 */
public final class SwiftStoreProvider implements StoreDriverProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public SwiftStoreProvider() {
    }

    @Override
    public String type() {
        return SwiftStoreDriver.TYPE;
    }

    @Override
    public List<StoreOption<?>> options() {
        return SwiftOptions.ALL;
    }

    @Override
    public void validate(StoreOptions options) {
        SwiftStoreDriver.validate(options);
    }

    @Override
    public StoreDriver create(StoreOptions options) {
        return SwiftStoreDriver.open(options);
    }

    @Override
    public Set<String> locationSchemes() {
        return Set.of(SwiftLocation.SCHEME_SWIFT, SwiftLocation.SCHEME_HTTP, SwiftLocation.SCHEME_HTTPS,
                SwiftLocation.SCHEME_CONFIG);
    }

    @Override
    public SwiftLocation parseLocation(String uri) {
        return SwiftLocation.parse(uri);
    }
}
