package dev.wharf.transport.tls;

import dev.wharf.transport.spi.ClientTlsOptions;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The client side of TLS, for a transport's client toward servers: trust in a CA bundle (with the
 * server's host name verified, as HTTPS does) or, for development certificates, in anyone; and a client
 * certificate for servers that ask (mutual TLS). OpenSSL does the handshakes where it can ({@link TlsProvider#AUTO}).
 *
 * <pre>{@code
 * SslContext tls = ClientSslContexts.forOptions(ClientTlsOptions.trusting(Path.of("tls/ca.crt")));
 * pipeline.addFirst(tls.newHandler(channel.alloc(), "broker.example.com", 8080));
 * }</pre>
 */
public final class ClientSslContexts {

    /** Where a client's errors say its options come from. */
    private static final String CLIENT = "client TLS ";

    private ClientSslContexts() {}

    /**
     * @throws IllegalArgumentException when a file cannot be used, naming it
     */
    public static SslContext forOptions(ClientTlsOptions options) {
        SslContextBuilder builder = SslContextBuilder.forClient();
        if (options.trustAll()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            List<X509Certificate> authorities =
                    PemCertifiedKeys.certificates(CLIENT + "caPath", options.caPath().orElseThrow());
            builder.trustManager(authorities).endpointIdentificationAlgorithm("HTTPS");
        }
        Optional<CertifiedKey> key = options.certPath().map(cert ->
                new KeyFiles(CLIENT, cert, options.keyPath().orElseThrow(), options.keyPassword()).read());
        key.ifPresent(pair -> builder.keyManager(pair.privateKey(), pair.chain()));
        builder.sslProvider(TlsProvider.AUTO.select(key.map(pair -> pair.privateKey().getAlgorithm()).stream().toList()));
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up client TLS: " + e.getMessage(), e);
        }
    }
}
