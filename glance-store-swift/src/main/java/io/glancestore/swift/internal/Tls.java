package io.glancestore.swift.internal;

import io.glancestore.keystone.TlsContexts;
import javax.net.ssl.SSLContext;

/**
 * The store's own SSLContext: the JDK's trust store, a CA bundle ({@code swift_store_cacert}), or
 * no checks at all ({@code swift_store_auth_insecure}). Never changes JVM-wide settings.
 */
final class Tls {

    private Tls() {
    }

    static SSLContext context(SwiftStoreConfig config) {
        return TlsContexts.create(config.cacert(), config.insecure(),
                config.insecure() ? "swift_store_auth_insecure" : "swift_store_cacert");
    }
}
