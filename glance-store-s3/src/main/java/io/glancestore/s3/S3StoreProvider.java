package io.glancestore.s3;

import io.glancestore.s3.internal.S3Options;
import io.glancestore.s3.internal.S3StoreDriver;
import io.glancestore.spi.AbstractStoreDriverProvider;

/**
 * Provides the {@code s3} store type to {@link io.glancestore.StoreRegistry}, configured with
 * glance_store's option names ({@code s3_store_host}, {@code s3_store_access_key},
 * {@code s3_store_secret_key}, {@code s3_store_bucket}, ...), and the {@code s3},
 * {@code s3+http} and {@code s3+https} locations ({@link S3Location}). See {@link S3Store} for the
 * behaviour and the module's README for every option.
 */
public final class S3StoreProvider extends AbstractStoreDriverProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public S3StoreProvider() {
        super(S3StoreDriver.TYPE, S3Options.ALL, S3StoreDriver::validate, S3StoreDriver::open,
                S3Location.SCHEMES, S3Location::parse);
    }
}
