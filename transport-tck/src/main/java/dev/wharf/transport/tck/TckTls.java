package dev.wharf.transport.tck;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for test clients of a {@link TckGateway}, whose listener serves a self-signed development certificate
 * for {@code 127.0.0.1}: a JDK context that trusts any server. The trust manager is an extended one, so the
 * JDK adds no host-name check of its own on top. For tests only.
 *
 * <pre>{@code
 * HttpClient http = HttpClient.newBuilder().sslContext(TckTls.trustingEverything()).build();
 * }</pre>
 */
public final class TckTls {

    private TckTls() {}

    /** A TLS client context that accepts every certificate. */
    public static SSLContext trustingEverything() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustingEverything()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS context", e);
        }
    }

    /** Accepts any chain, by every overload, so no endpoint identification happens either. */
    private static final class TrustingEverything extends X509ExtendedTrustManager {

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
}
