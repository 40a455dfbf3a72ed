package io.glancestore.s3;

import io.glancestore.s3.internal.S3Options;
import io.glancestore.s3.internal.S3StoreDriver;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOption;
import io.glancestore.spi.StoreOptions;
import java.util.List;
import java.util.Set;

/**
 * Provides the {@code s3} store type to {@link io.glancestore.StoreRegistry}, configured with
 * glance_store's option names ({@code s3_store_host}, {@code s3_store_access_key},
 * {@code s3_store_secret_key}, {@code s3_store_bucket}, ...), and the {@code s3},
 * {@code s3+http} and {@code s3+https} locations ({@link S3Location}). See {@link S3Store} for the
 * behaviour and the module's README for every option.
 */
public final class S3StoreProvider implements StoreDriverProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public S3StoreProvider() {
    }

    @Override
    public String type() {
        return S3StoreDriver.TYPE;
    }

    @Override
    public List<StoreOption<?>> options() {
        return S3Options.ALL;
    }

    @Override
    public void validate(StoreOptions options) {
        S3StoreDriver.validate(options);
    }

    @Override
    public StoreDriver create(StoreOptions options) {
        return S3StoreDriver.open(options);
    }

    @Override
    public Set<String> locationSchemes() {
        return Set.copyOf(S3Location.SCHEMES);
    }

    @Override
    public S3Location parseLocation(String uri) {
        return S3Location.parse(uri);
    }
}
