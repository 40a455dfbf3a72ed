package io.glancestore.vmware.internal;

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
import java.util.Optional;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS trust of one store, for its own connections only: the JVM's defaults
 * ({@code HttpsURLConnection}'s default socket factory and hostname verifier) are never touched,
 * and unless insecure, the server's name is checked in the handshake whatever they are.
 * Trusts the CAs of a PEM bundle, the JVM's CAs when there is none, or - only when
 * {@code vmware_insecure} is set - any certificate for any host.
 */
public final class TlsSettings {

    private final SSLSocketFactory socketFactory;
    private final boolean insecure;

    private TlsSettings(SSLContext context, boolean insecure) {
        this.socketFactory = insecure ? context.getSocketFactory()
                : new EndpointCheckingSocketFactory(context.getSocketFactory());
        this.insecure = insecure;
    }

    /**
     * Builds the trust of a store.
     *
     * @param caFile PEM bundle to trust, if any
     * @param insecure trust everything (ignored with a CA file)
     * @return the settings
     * @throws BadStoreConfigurationException if the bundle cannot be read
     */
    public static TlsSettings of(Optional<Path> caFile, boolean insecure) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (caFile.isPresent()) {
                context.init(null, fromBundle(caFile.get()), null);
                return new TlsSettings(context, false);
            }
            if (insecure) {
                context.init(null, new TrustManager[] {new TrustAll()}, null);
                return new TlsSettings(context, true);
            }
            context.init(null, null, null);
            return new TlsSettings(context, false);
        } catch (GeneralSecurityException e) {
            throw new BadStoreConfigurationException("vmware store: cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] fromBundle(Path file) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new BadStoreConfigurationException("vmware_ca_file " + file + " is not a PEM certificate bundle", e);
        }
        if (certificates.isEmpty()) {
            throw new BadStoreConfigurationException("vmware_ca_file " + file + " holds no certificate");
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

    /**
     * The socket factory of this store's connections.
     *
     * @return the factory
     */
    public SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    /**
     * The hostname verifier for this store's connections: none when insecure, else absent (the
     * JDK's own check applies).
     *
     * @return the verifier to set on each connection, if any
     */
    public Optional<HostnameVerifier> hostnameVerifier() {
        return insecure ? Optional.of((host, session) -> true) : Optional.empty();
    }

    /**
     * Whether certificates are not checked.
     *
     * @return true with {@code vmware_insecure} and no CA file
     */
    public boolean insecure() {
        return insecure;
    }

    /**
     * A trust manager that carries this store's socket factory to yavijava's SOAP client (see
     * {@link SoapClient}); it is never asked to check anything itself.
     *
     * @return the carrier
     */
    TrustManager carrier() {
        return new FactoryCarrier(socketFactory());
    }

    /** Carries a socket factory through yavijava's constructor, which only takes a TrustManager. */
    static final class FactoryCarrier implements javax.net.ssl.X509TrustManager {
        final SSLSocketFactory factory;

        FactoryCarrier(SSLSocketFactory factory) {
            this.factory = factory;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("only carries a socket factory");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("only carries a socket factory");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /**
     * Accepts any certificate for any host. An extended trust manager, so the JDK leaves the
     * hostname to it as well and does not check it on its own.
     */
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
