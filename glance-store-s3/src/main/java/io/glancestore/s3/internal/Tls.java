package io.glancestore.s3.internal;

import io.glancestore.exception.BadStoreConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** The store's TLS: the JDK's trust store, or only the CA bundle of {@code s3_store_cacert}. */
final class Tls {

    private Tls() {
    }

    /**
     * The sockets of HTTPS requests.
     *
     * @param cacert the CA bundle (PEM), or {@code null} for the JDK's trust store
     * @return the factory, or {@code null} for the JDK's default
     * @throws BadStoreConfigurationException if the bundle holds no certificate or cannot be read
     */
    static SSLSocketFactory sockets(Path cacert) {
        if (cacert == null) {
            return null;
        }
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            int n = 0;
            try (InputStream in = Files.newInputStream(cacert)) {
                for (Certificate certificate : factory.generateCertificates(in)) {
                    trusted.setCertificateEntry("ca-" + n++, certificate);
                }
            }
            if (n == 0) {
                throw new BadStoreConfigurationException("s3_store_cacert: no certificate in " + cacert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new BadStoreConfigurationException("s3_store_cacert: " + cacert + " cannot be used: " + e.getMessage());
        }
    }
}
