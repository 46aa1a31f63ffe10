package dev.wharf.transport.grpc.tls;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS for a gRPC port: the configured certificate, or a development one, in a Netty
 * {@link SslContext} that negotiates HTTP/2 ({@code h2}) through ALPN, as gRPC clients require.
 *
 * <pre>{@code
 * Optional<SslContext> ssl = ServerSslContexts.forOptions(TlsOptions.permissive(), Clock.systemUTC());
 * }</pre>
 */
public final class ServerSslContexts {

    private static final Logger log = LoggerFactory.getLogger(ServerSslContexts.class);

    private ServerSslContexts() {}

    /**
     * The context {@code options} ask for; empty when TLS is disabled.
     *
     * @throws IllegalArgumentException when the configured files cannot be used, naming the file
     */
    public static Optional<SslContext> forOptions(TlsOptions options, Clock clock) {
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
            log.warn("gRPC TLS uses a self-signed development certificate ({}, valid until {}); clients that verify "
                            + "certificates will refuse it: set {} and {} for production",
                    DevelopmentCertificate.SUBJECT, key.certificate().getNotAfter().toInstant(),
                    TlsOptions.CERT_PATH, TlsOptions.KEY_PATH);
        }
        return Optional.of(build(key));
    }

    /** A gRPC server context for {@code key}: JDK TLS, ALPN {@code h2}, HTTP/2's cipher suites. */
    public static SslContext build(CertifiedKey key) {
        try {
            return GrpcSslContexts.configure(
                            SslContextBuilder.forServer(key.privateKey(), key.chain()), SslProvider.JDK)
                    .build();
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
