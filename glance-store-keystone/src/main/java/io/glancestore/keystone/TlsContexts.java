package io.glancestore.keystone;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.keystone.internal.TrustAll;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The SSLContext of an OpenStack client: the JDK's trust store, a CA bundle ({@code cacert},
 * {@code OS_CACERT}, {@code swift_store_cacert}), or no checks at all ({@code insecure}). Never
 * changes JVM-wide settings.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * Builds a context.
     *
     * @param cacert a PEM bundle of the CAs to trust instead of the JDK's, or {@code null}
     * @param insecure accept any certificate and host name (tests and trusted networks only)
     * @param what the option that asked for it, for messages (e.g. {@code swift_store_cacert})
     * @return the context
     * @throws BadStoreConfigurationException if the bundle cannot be read or holds no certificate
     */
    public static SSLContext create(Path cacert, boolean insecure, String what) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (insecure) {
                // An X509ExtendedTrustManager that accepts everything also skips the host name check,
                // which the JDK performs inside the trust manager: exactly what "insecure" means.
                context.init(null, new TrustManager[] {new TrustAll()}, null);
            } else if (cacert != null) {
                context.init(null, trustManagers(cacert, what), null);
            } else {
                context.init(null, null, null);
            }
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new BadStoreConfigurationException(what + ": TLS setup failed: " + e.getMessage());
        }
    }

    private static TrustManager[] trustManagers(Path bundle, String what) throws GeneralSecurityException, IOException {
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
            throw new BadStoreConfigurationException(what + ": no certificate in " + bundle);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }
}
