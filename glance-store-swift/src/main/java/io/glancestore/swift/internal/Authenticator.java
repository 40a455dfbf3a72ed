package io.glancestore.swift.internal;

import java.io.IOException;

/** Obtains a token and the storage URL for one set of credentials. */
interface Authenticator {

    /**
     * Authenticates.
     *
     * @return a fresh token
     * @throws IOException if the auth service cannot be reached
     * @throws io.glancestore.exception.AuthorizationFailureException if the credentials are refused
     */
    Token authenticate() throws IOException;
}
