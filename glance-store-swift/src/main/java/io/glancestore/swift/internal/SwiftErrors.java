package io.glancestore.swift.internal;

import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.ForbiddenException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.exception.StorageFullException;

/** Swift's HTTP statuses as the SDK's typed errors. Messages name the request, never a token. */
final class SwiftErrors {

    private SwiftErrors() {
    }

    static GlanceStoreException of(int status, String what) {
        String message = what + ": HTTP " + status;
        if (status == 404) {
            return new NotFoundException(message + " (not found)");
        }
        if (status == 409 || status == 412) {
            // 412 answers our If-None-Match: * when the object already exists.
            return new DuplicateException(message + " (already exists)");
        }
        if (status == 413 || status == 507) {
            return new StorageFullException(message + " (too large or no space)");
        }
        if (status == 401) {
            return new AuthorizationFailureException(message + " (token refused)");
        }
        if (status == 403) {
            return new ForbiddenException(message + " (forbidden)");
        }
        if (status >= 500) {
            return new RemoteServiceUnavailableException(message);
        }
        return new BackendException(message);
    }

    static boolean retriable(int status) {
        return status >= 500 && status != 501 && status != 507;
    }
}
