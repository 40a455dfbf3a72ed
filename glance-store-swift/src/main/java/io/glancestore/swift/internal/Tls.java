package io.glancestore.swift.internal;

import io.glancestore.exception.BadStoreConfigurationException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The store's own SSLContext: the JDK's trust store, a CA bundle ({@code swift_store_cacert}), or
 * no checks at all ({@code swift_store_auth_insecure}). Never changes JVM-wide settings.
 */
final class Tls {

    private Tls() {
    }

    static SSLContext context(SwiftStoreConfig config) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (config.insecure()) {
                // An X509ExtendedTrustManager that accepts everything also skips the host name check,
                // which the JDK performs inside the trust manager: exactly what "insecure" means.
                context.init(null, new TrustManager[] {new TrustAll()}, null);
            } else if (config.cacert() != null) {
                context.init(null, trustManagers(config.cacert()), null);
            } else {
                context.init(null, null, null);
            }
            return context;
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new BadStoreConfigurationException("swift store: TLS setup failed: " + e.getMessage());
        }
    }

    private static TrustManager[] trustManagers(Path bundle) throws java.security.GeneralSecurityException,
            java.io.IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        int i = 0;
        try (InputStream in = Files.newInputStream(bundle)) {
            for (Certificate certificate : factory.generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
        }
        if (i == 0) {
            throw new BadStoreConfigurationException("swift_store_cacert: no certificate in " + bundle);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
