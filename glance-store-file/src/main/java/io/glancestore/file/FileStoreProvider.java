package io.glancestore.file;

import io.glancestore.file.internal.FileStoreDriver;
import io.glancestore.spi.AbstractStoreDriverProvider;
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
public final class FileStoreProvider extends AbstractStoreDriverProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public FileStoreProvider() {
        super(FileStoreDriver.TYPE, FileStoreDriver.options(), FileStoreDriver::validate, FileStoreDriver::open,
                Set.of(FileLocation.SCHEME, FileLocation.SCHEME_LEGACY), FileLocation::parse);
    }
}
