package io.glancestore.vmware.internal;

import com.vmware.vim25.ws.WSClient;
import java.net.MalformedURLException;
import java.rmi.RemoteException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * yavijava's SOAP client with this store's own socket factory. yavijava's constructors with a
 * TrustManager build one SSLContext per JVM (the first caller's trust wins for every later
 * client), and its {@code ignoreCert} switch installs a trust-all hostname verifier JVM-wide: so
 * the socket factory is handed in through a carrier and used for this client's connections only.
 */
final class SoapClient extends WSClient {

    SoapClient(String url, TlsSettings tls) throws MalformedURLException, RemoteException {
        super(url, false, tls.carrier());
    }

    // Called from WSClient's constructor, before this class's fields exist: hence the carrier.
    @Override
    protected SSLSocketFactory getCustomTrustManagerSocketFactory(TrustManager trustManager) {
        return ((TlsSettings.FactoryCarrier) trustManager).factory;
    }

    @Override
    protected SSLSocketFactory getTrustAllSocketFactory(boolean ignoreCert) {
        throw new IllegalStateException("the JVM-wide trust-all of yavijava is never used");
    }
}
