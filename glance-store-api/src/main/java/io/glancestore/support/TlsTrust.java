package io.glancestore.support;

import io.glancestore.exception.BadStoreConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS trust of one store's own connections, as every driver that speaks HTTPS configures it:
 * the JVM's CAs, the CAs of a PEM bundle named by an option, or (only where the operator asked
 * for it) any certificate for any host. It builds an {@link SSLContext} for the store alone and
 * never changes JVM-wide settings. Which option wins when both a bundle and "insecure" are set is
 * the driver's to decide, as glance_store decides it per driver.
 */
public final class TlsTrust {

    private TlsTrust() {
    }

    /**
     * A TLS context for one store.
     *
     * @param caBundle a PEM bundle whose CAs alone are trusted, or {@code null} for the JVM's
     * @param trustAll trust any certificate for any host (the bundle is then ignored)
     * @param caOption the option that names the bundle, for messages
     * @param store names the store in messages, e.g. {@code swift store}
     * @return the context
     * @throws BadStoreConfigurationException if the bundle cannot be read or holds no certificate
     */
    public static SSLContext context(Path caBundle, boolean trustAll, String caOption, String store) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (trustAll) {
                // An X509ExtendedTrustManager that accepts everything also skips the host name
                // check, which the JDK performs inside the trust manager: what "insecure" means.
                context.init(null, new TrustManager[] {new TrustAll()}, null);
            } else if (caBundle != null) {
                context.init(null, fromBundle(caBundle, caOption), null);
            } else {
                context.init(null, null, null);
            }
            return context;
        } catch (GeneralSecurityException e) {
            throw new BadStoreConfigurationException(store + ": cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] fromBundle(Path file, String option) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new BadStoreConfigurationException(option + " " + file + " is not a PEM certificate bundle", e);
        }
        if (certificates.isEmpty()) {
            throw new BadStoreConfigurationException(option + " " + file + " holds no certificate");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** Accepts every certificate and, being an extended trust manager, every host name. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // trusts everything: the operator asked for an insecure store
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // trusts everything: the operator asked for an insecure store
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // trusts everything: the operator asked for an insecure store
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // trusts everything: the operator asked for an insecure store
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // trusts everything: the operator asked for an insecure store
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // trusts everything: the operator asked for an insecure store
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
