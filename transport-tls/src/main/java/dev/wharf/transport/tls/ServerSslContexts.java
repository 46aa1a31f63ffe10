package dev.wharf.transport.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS for a listener: a Netty {@link SslContext} (OpenSSL or the JDK's, {@link TlsProvider})
 * whose key manager picks the
 * certificate per handshake ({@link SniKeyManager}), asking clients for a certificate as configured and
 * offering the transport's application protocols through ALPN. When {@code h2} is among them, only the
 * cipher suites HTTP/2 allows are enabled ({@link Http2CipherSuites}). Transports reach it through
 * {@link TlsSupport}.
 */
public final class ServerSslContexts {

    /** The ALPN name of HTTP/2 over TLS. */
    public static final String H2 = "h2";

    private static final Logger log = LoggerFactory.getLogger(ServerSslContexts.class);

    private ServerSslContexts() {}

    /**
     * A server context whose certificates come from {@code keys} and, when clients are asked for one,
     * whose client certificates are checked by {@code clientCas}; a client that offers none of the
     * {@code alpn} protocols still connects and speaks the transport's default.
     */
    static SslContext build(SslProvider provider, KeyManager keys, Optional<TrustManager> clientCas, ClientAuth clientAuth,
            List<String> alpn) {
        SslContextBuilder builder = SslContextBuilder.forServer(keys)
                .sslProvider(provider)
                .clientAuth(clientAuth);
        clientCas.ifPresent(builder::trustManager);
        if (!alpn.isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                    SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        if (alpn.contains(H2)) {
            builder.ciphers(null, Http2CipherSuites.FILTER);
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** A new development certificate, with a warning that clients which verify certificates will refuse it. */
    static CertifiedKey developmentKey(Clock clock) {
        CertifiedKey key = DevelopmentCertificate.generate(clock.instant(), DevelopmentCertificate.localHostName());
        log.warn("TLS uses a self-signed development certificate ({}, valid until {}); clients that verify "
                        + "certificates will refuse it: set {} and {} for production",
                DevelopmentCertificate.SUBJECT, key.certificate().getNotAfter().toInstant(),
                TlsOptions.CERT_PATH, TlsOptions.KEY_PATH);
        return key;
    }

    /**
     * The pair {@code files} name. An expired certificate still loads, as clients may not check, but
     * whoever reads the log should know.
     */
    static CertifiedKey checked(KeyFiles files, Clock clock) {
        CertifiedKey key = files.read();
        Date now = Date.from(clock.instant());
        if (now.after(key.certificate().getNotAfter()) || now.before(key.certificate().getNotBefore())) {
            log.warn("the certificate in {} ({}) is valid only from {} to {}", files.certPath(),
                    key.certificate().getSubjectX500Principal(), key.certificate().getNotBefore().toInstant(),
                    key.certificate().getNotAfter().toInstant());
        }
        return key;
    }
}
