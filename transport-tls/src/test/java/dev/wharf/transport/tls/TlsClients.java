package dev.wharf.transport.tls;

import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** JDK TLS clients for loopback tests: they trust any server, and show a client certificate when given one. */
public final class TlsClients {

    private TlsClients() {}

    /** A new client context (so nothing is resumed from an earlier connection). */
    public static SSLContext context(Optional<CertifiedKey> clientKey) throws Exception {
        KeyManager[] keys = null;
        if (clientKey.isPresent()) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", clientKey.get().privateKey(), new char[0],
                    clientKey.get().chain().toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, new char[0]);
            keys = factory.getKeyManagers();
        }
        return TrustingAnyServer.context(keys);
    }

    /** A socket to 127.0.0.1:{@code port}, asking for {@code serverName} (SNI) when given one. */
    public static SSLSocket connect(int port, Optional<CertifiedKey> clientKey, Optional<String> serverName)
            throws Exception {
        SSLSocket socket = (SSLSocket) context(clientKey).getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(serverName.<List<SNIServerName>>map(name -> List.of(new SNIHostName(name)))
                .orElse(List.of()));
        socket.setSSLParameters(parameters);
        return socket;
    }

    /** The certificate the server showed on {@code socket}. */
    public static X509Certificate served(SSLSocket socket) throws Exception {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
}
