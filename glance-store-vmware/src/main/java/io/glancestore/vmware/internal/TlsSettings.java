package io.glancestore.vmware.internal;

import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.support.TlsTrust;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

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
        // As glance_store: vmware_insecure is ignored when a CA file is set.
        boolean trustAll = caFile.isEmpty() && insecure;
        return new TlsSettings(TlsTrust.context(caFile.orElse(null), trustAll, VmwareStoreConfig.CA_FILE.name(),
                "vmware store"),
                trustAll);
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
}
