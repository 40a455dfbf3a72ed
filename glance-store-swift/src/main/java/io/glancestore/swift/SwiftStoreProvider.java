package io.glancestore.swift;

import io.glancestore.spi.AbstractStoreDriverProvider;
import io.glancestore.swift.internal.SwiftOptions;
import io.glancestore.swift.internal.SwiftStoreDriver;
import java.util.Set;

/**
 * Provides the {@code swift} store type to {@link io.glancestore.StoreRegistry}, configured with
 * glance_store's option names ({@code swift_store_auth_address}, {@code swift_store_user},
 * {@code swift_store_key}, {@code swift_store_auth_version}, {@code swift_store_container},
 * {@code swift_store_config_file} with {@code default_swift_reference}, ...). See
 * {@link SwiftStore} for the behaviour and the module's README for every option.
 */
public final class SwiftStoreProvider extends AbstractStoreDriverProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public SwiftStoreProvider() {
        super(SwiftStoreDriver.TYPE, SwiftOptions.ALL, SwiftStoreDriver::validate, SwiftStoreDriver::open,
                Set.of(SwiftLocation.SCHEME_SWIFT, SwiftLocation.SCHEME_HTTP, SwiftLocation.SCHEME_HTTPS,
                        SwiftLocation.SCHEME_CONFIG),
                SwiftLocation::parse);
    }
}
