package io.glancestore.file;

import io.glancestore.file.internal.FileStoreDriver;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreDriverProvider;
import io.glancestore.spi.StoreOption;
import io.glancestore.spi.StoreOptions;
import java.util.List;
import java.util.Set;

/**
 * Provides the {@code file} store type to {@link io.glancestore.StoreRegistry}, configured with
 * glance_store's option names: {@code filesystem_store_datadir} (default
 * {@code /var/lib/glance/images}) or {@code filesystem_store_datadirs} ({@code path:priority}
 * items), {@code filesystem_store_file_perm}, {@code filesystem_store_chunk_size},
 * {@code filesystem_thin_provisioning}, {@code filesystem_store_metadata_file}, and
 * {@code filesystem_store_tmp_stall_time} (seconds after which a temporary file left by a
 * crashed writer is removed; default 3600). See {@link FileStore} for the behaviour.
 */
public final class FileStoreProvider implements StoreDriverProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public FileStoreProvider() {
    }

    @Override
    public String type() {
        return FileStoreDriver.TYPE;
    }

    @Override
    public List<StoreOption<?>> options() {
        return FileStoreDriver.options();
    }

    @Override
    public void validate(StoreOptions options) {
        FileStoreDriver.validate(options);
    }

    @Override
    public StoreDriver create(StoreOptions options) {
        return FileStoreDriver.open(options);
    }

    @Override
    public Set<String> locationSchemes() {
        return Set.of(FileLocation.SCHEME, FileLocation.SCHEME_LEGACY);
    }

    @Override
    public FileLocation parseLocation(String uri) {
        return FileLocation.parse(uri);
    }
}
