package dev.wharf.transport.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS for a listener: the configured certificate, or a development one, in a Netty
 * {@link SslContext} (JDK TLS) that offers the transport's application protocols through ALPN. When
 * {@code h2} is among them, only the cipher suites HTTP/2 allows are enabled ({@link Http2CipherSuites}).
 *
 * <pre>{@code
 * Optional<SslContext> https = ServerSslContexts.forOptions(TlsOptions.permissive(), List.of("h2", "http/1.1"),
 *         Clock.systemUTC());
 * Optional<SslContext> wss = ServerSslContexts.forOptions(TlsOptions.permissive(), List.of(), Clock.systemUTC());
 * }</pre>
 */
public final class ServerSslContexts {

    /** The ALPN name of HTTP/2 over TLS. */
    public static final String H2 = "h2";

    private static final Logger log = LoggerFactory.getLogger(ServerSslContexts.class);

    private ServerSslContexts() {}

    /**
     * The context {@code options} ask for; empty when TLS is disabled.
     *
     * @param alpn the application protocols to negotiate, the server's preferred first; empty for no ALPN
     * @throws IllegalArgumentException when the configured files cannot be used, naming the file
     */
    public static Optional<SslContext> forOptions(TlsOptions options, List<String> alpn, Clock clock) {
        if (options.mode() == TlsMode.DISABLED) {
            return Optional.empty();
        }
        CertifiedKey key;
        if (options.hasCertificate()) {
            key = PemCertifiedKeys.read(options.certPath().orElseThrow(), options.keyPath().orElseThrow(),
                    options.keyPassword());
            warnIfOutOfDate(key, options, clock);
        } else {
            key = DevelopmentCertificate.generate(clock.instant(), DevelopmentCertificate.localHostName());
            log.warn("TLS uses a self-signed development certificate ({}, valid until {}); clients that verify "
                            + "certificates will refuse it: set {} and {} for production",
                    DevelopmentCertificate.SUBJECT, key.certificate().getNotAfter().toInstant(),
                    TlsOptions.CERT_PATH, TlsOptions.KEY_PATH);
        }
        return Optional.of(build(key, alpn));
    }

    /**
     * A server context for {@code key} negotiating {@code alpn}; a client that offers none of them still
     * connects and speaks the transport's default.
     */
    public static SslContext build(CertifiedKey key, List<String> alpn) {
        SslContextBuilder builder = SslContextBuilder.forServer(key.privateKey(), key.chain())
                .sslProvider(SslProvider.JDK);
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
            throw new IllegalArgumentException("cannot set up TLS with certificate "
                    + key.certificate().getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    /** An expired certificate still loads, as clients may not check, but whoever reads the log should know. */
    private static void warnIfOutOfDate(CertifiedKey key, TlsOptions options, Clock clock) {
        Date now = Date.from(clock.instant());
        if (now.after(key.certificate().getNotAfter()) || now.before(key.certificate().getNotBefore())) {
            log.warn("the certificate in {} ({}) is valid only from {} to {}", options.certPath().orElseThrow(),
                    key.certificate().getSubjectX500Principal(), key.certificate().getNotBefore().toInstant(),
                    key.certificate().getNotAfter().toInstant());
        }
    }
}
