package io.glancestore.swift.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * An authentication result: the token and the storage URL of the account. The token is a secret
 * and never shown by {@link #toString()}.
 *
 * @param id the token
 * @param storageUrl the account's storage URL, e.g. {@code http://127.0.0.1:8080/v1/AUTH_test}
 * @param expires when the token expires, or null if not told
 */
record Token(String id, String storageUrl, Instant expires) {

    Token {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(storageUrl, "storageUrl");
        storageUrl = storageUrl.replaceAll("/+$", "");
    }

    boolean expiresWithin(java.time.Duration margin, Instant now) {
        return expires != null && !now.plus(margin).isBefore(expires);
    }

    @Override
    public String toString() {
        return "Token{storageUrl=" + storageUrl + ", expires=" + expires + ", id=***}";
    }
}
