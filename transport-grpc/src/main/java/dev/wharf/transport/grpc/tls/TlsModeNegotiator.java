package dev.wharf.transport.grpc.tls;

import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsciiString;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How grpc-netty sets up each accepted connection of a gRPC port: a {@link TlsSniffer} first, which hands
 * a TLS client to gRPC's own server TLS negotiation (handshake, ALPN {@code h2}, then HTTP/2) and a
 * plaintext one to gRPC's plaintext negotiation, as the {@link TlsMode} allows.
 *
 * <pre>{@code
 * TlsModeNegotiator negotiator = TlsModeNegotiator.forOptions(tlsOptions, Clock.systemUTC());
 * NettyServerBuilder.forAddress(address, InternalNettyServerCredentials.create(negotiator));
 * }</pre>
 */
public final class TlsModeNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {

    /** How long a new connection may take to send its first bytes; a TLS handshake then has its own limit. */
    public static final Duration SNIFF_TIMEOUT = Duration.ofSeconds(10);

    private static final AsciiString HTTP = AsciiString.of("http");
    private static final AsciiString HTTPS = AsciiString.of("https");

    private final TlsMode mode;
    private final Optional<InternalProtocolNegotiator.ProtocolNegotiator> tls;
    private final InternalProtocolNegotiator.ProtocolNegotiator plaintext = InternalProtocolNegotiators.serverPlaintext();
    private final Duration sniffTimeout;

    /** @param sslContext the server's TLS context; required unless {@code mode} is disabled */
    public TlsModeNegotiator(TlsMode mode, Optional<SslContext> sslContext, Duration sniffTimeout) {
        this.mode = Objects.requireNonNull(mode, "mode");
        if (mode != TlsMode.DISABLED && sslContext.isEmpty()) {
            throw new IllegalArgumentException("TLS mode " + mode + " needs an SslContext");
        }
        this.tls = sslContext.map(InternalProtocolNegotiators::serverTls);
        this.sniffTimeout = sniffTimeout;
    }

    /**
     * The negotiator {@code options} describe, with the configured certificate or a development one.
     *
     * @throws IllegalArgumentException when the configured certificate or key cannot be used
     */
    public static TlsModeNegotiator forOptions(TlsOptions options, Clock clock) {
        return new TlsModeNegotiator(options.mode(), ServerSslContexts.forOptions(options, clock), SNIFF_TIMEOUT);
    }

    public TlsMode mode() {
        return mode;
    }

    @Override
    public AsciiString scheme() {
        return mode == TlsMode.ENFORCING ? HTTPS : HTTP;
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        return new TlsSniffer(protocol -> {
            if (!mode.accepts(protocol)) {
                return Optional.empty();
            }
            return Optional.of(protocol == SniffedProtocol.TLS
                    ? tls.orElseThrow().newHandler(grpcHandler)
                    : plaintext.newHandler(grpcHandler));
        }, sniffTimeout);
    }

    @Override
    public void close() {
        tls.ifPresent(InternalProtocolNegotiator.ProtocolNegotiator::close);
        plaintext.close();
    }
}
