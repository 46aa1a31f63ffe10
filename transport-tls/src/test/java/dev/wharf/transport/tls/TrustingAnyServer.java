package dev.wharf.transport.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * For test clients of a listener that serves a self-signed development certificate for {@code 127.0.0.1}: a JDK TLS
 * context that trusts any server. The trust manager is an extended one and accepts any chain by every overload, so
 * the JDK adds no host-name check of its own on top (the JDK's HttpClient and WebSocket would otherwise make one).
 * Shared by the tests of every module on transport-tls, through its test-jar. Never for production.
 *
 * <pre>{@code
 * HttpClient http = HttpClient.newBuilder().sslContext(TrustingAnyServer.context()).build();
 * }</pre>
 */
public final class TrustingAnyServer extends X509ExtendedTrustManager {

    private TrustingAnyServer() {}

    /** A new client context (so nothing is resumed from an earlier connection) that trusts any server. */
    public static SSLContext context() {
        return context(null);
    }

    /** The same, showing the client certificate {@code keys} hold; {@code null} for none. */
    public static SSLContext context(KeyManager[] keys) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {new TrustingAnyServer()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS context", e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
