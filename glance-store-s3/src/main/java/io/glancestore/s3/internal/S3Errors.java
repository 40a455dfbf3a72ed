package io.glancestore.s3.internal;

import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.ForbiddenException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.InvalidRangeException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.exception.StorageFullException;
import java.util.Set;

/**
 * S3's answers as the SDK's typed errors, by HTTP status and S3 error code. Messages name the
 * request and S3's code, never a key or a signature.
 */
final class S3Errors {

    /** Codes that say the credentials, not the permissions, are refused: nothing a retry mends. */
    private static final Set<String> CREDENTIALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "RequestTimeTooSkewed",
            "AuthorizationHeaderMalformed", "InvalidSecurity");
    /** Codes S3 answers with a 4xx or a 200 that a later attempt may not get. */
    private static final Set<String> TRANSIENT = Set.of("SlowDown", "InternalError", "RequestTimeout",
            "ServiceUnavailable", "Throttling", "ThrottlingException", "RequestTimeTooSkewed");

    private S3Errors() {
    }

    static GlanceStoreException of(int status, String code, String what) {
        String message = what + ": HTTP " + status + (code == null ? "" : " " + code);
        if (code != null && CREDENTIALS.contains(code) || status == 401) {
            return new AuthorizationFailureException(message + (code != null && code.equals("RequestTimeTooSkewed")
                    ? " (this machine's clock is off by more than S3 allows)" : " (credentials refused)"));
        }
        if ("QuotaExceeded".equals(code) || "EntityTooLarge".equals(code) || status == 413 || status == 507) {
            return new StorageFullException(message + " (quota or size limit)");
        }
        switch (status) {
            case 403:
                return new ForbiddenException(message + " (forbidden)");
            case 404:
                return new NotFoundException(message + " (not found)");
            case 412:
                // Our If-None-Match: * on a key that exists.
                return new DuplicateException(message + " (already exists)");
            case 416:
                return new InvalidRangeException(message + " (range not satisfiable)");
            default:
                break;
        }
        if (status >= 500 || (code != null && TRANSIENT.contains(code))) {
            return new RemoteServiceUnavailableException(message);
        }
        return new BackendException(message);
    }

    /**
     * Whether an answer may be different on a later attempt: 5xx (but 501), SlowDown, S3's
     * request timeout, or an error inside a 200 (CompleteMultipartUpload's way of failing late).
     */
    static boolean retriable(int status, String code) {
        if (code != null && (code.equals("SlowDown") || code.equals("InternalError") || code.equals("RequestTimeout")
                || code.equals("ServiceUnavailable") || code.startsWith("Throttling"))) {
            return true;
        }
        return status >= 500 && status != 501 && status != 507;
    }
}
