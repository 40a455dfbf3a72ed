package io.glancestore.cli.internal;

import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.BadStoreUriException;
import io.glancestore.exception.ChecksumMismatchException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.ForbiddenException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.HasSnapshotException;
import io.glancestore.exception.InUseByStoreException;
import io.glancestore.exception.InvalidException;
import io.glancestore.exception.InvalidImageIdException;
import io.glancestore.exception.InvalidRangeException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.exception.SizeMismatchException;
import io.glancestore.exception.SourceReadException;
import io.glancestore.exception.StorageFullException;
import io.glancestore.exception.StorageWriteDeniedException;
import io.glancestore.exception.StoreAddDisabledException;
import io.glancestore.exception.StoreDeleteNotSupportedException;
import io.glancestore.exception.StoreGetNotSupportedException;
import io.glancestore.exception.StoreRandomGetNotSupportedException;
import io.glancestore.exception.UnknownHashingAlgoException;
import io.glancestore.exception.UnknownSchemeException;
import io.glancestore.exception.VerificationFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code kind} of an error in the JSON output: a short, stable name per failure that scripts
 * can match, independent of how the SDK's classes are named. The README lists them.
 */
public final class ErrorKinds {

    /** Kinds by error type, most specific first. */
    private static final Map<Class<? extends Throwable>, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put(ChecksumMismatchException.class, "checksum_mismatch");
        KINDS.put(VerificationFailedException.class, "verification_failed");
        KINDS.put(SizeMismatchException.class, "size_mismatch");
        KINDS.put(InvalidImageIdException.class, "invalid_image_id");
        KINDS.put(InvalidRangeException.class, "invalid_range");
        KINDS.put(InvalidException.class, "invalid");
        KINDS.put(NotFoundException.class, "not_found");
        KINDS.put(DuplicateException.class, "duplicate");
        KINDS.put(BadStoreConfigurationException.class, "bad_configuration");
        KINDS.put(BadStoreUriException.class, "invalid_location");
        KINDS.put(UnknownSchemeException.class, "no_store_for_location");
        KINDS.put(UnknownHashingAlgoException.class, "unknown_hash_algorithm");
        KINDS.put(StorageFullException.class, "storage_full");
        KINDS.put(StorageWriteDeniedException.class, "write_denied");
        KINDS.put(ForbiddenException.class, "forbidden");
        KINDS.put(AuthorizationFailureException.class, "authorization_failed");
        KINDS.put(RemoteServiceUnavailableException.class, "unavailable");
        KINDS.put(InUseByStoreException.class, "in_use");
        KINDS.put(HasSnapshotException.class, "has_snapshots");
        KINDS.put(StoreAddDisabledException.class, "add_not_allowed");
        KINDS.put(StoreDeleteNotSupportedException.class, "delete_not_supported");
        KINDS.put(StoreRandomGetNotSupportedException.class, "range_not_supported");
        KINDS.put(StoreGetNotSupportedException.class, "get_not_supported");
        KINDS.put(SourceReadException.class, "source_read_failed");
        KINDS.put(BackendException.class, "backend_error");
        KINDS.put(GlanceStoreException.class, "store_error");
        KINDS.put(CommandLine.ParameterException.class, "usage");
        KINDS.put(IOException.class, "io_error");
        KINDS.put(UncheckedIOException.class, "io_error");
    }

    private ErrorKinds() {
    }

    /**
     * The kind of a failure.
     *
     * @param e the failure
     * @return its kind, {@code internal_error} for a failure nobody expected
     */
    public static String of(Throwable e) {
        if (e instanceof CliException) {
            return ((CliException) e).kind();
        }
        for (Map.Entry<Class<? extends Throwable>, String> k : KINDS.entrySet()) {
            if (k.getKey().isInstance(e)) {
                return k.getValue();
            }
        }
        return "internal_error";
    }
}
