package dev.wharf.transport.grpc.tls;

import dev.wharf.transport.tls.SniffedProtocol;
import dev.wharf.transport.tls.TlsMode;
import dev.wharf.transport.tls.TlsSupport;
import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsciiString;
import java.util.Optional;

/**
 * How grpc-netty sets up each accepted connection of a gRPC port: a {@link dev.wharf.transport.tls.TlsModeHandler}
 * first, which hands a TLS client to gRPC's own server TLS negotiation (handshake, ALPN {@code h2}, then HTTP/2)
 * and a plaintext one, recognised by the HTTP/2 preface, to gRPC's plaintext negotiation, as the {@link TlsMode}
 * allows. The TLS context is {@link TlsSupport}'s, built when the first TLS client arrives, so SNI certificates,
 * mutual TLS (the client's certificate reaches calls as {@code Grpc.TRANSPORT_ATTR_SSL_SESSION}) and reloaded
 * certificates work here as for every transport.
 *
 * <pre>{@code
 * TlsModeNegotiator negotiator = new TlsModeNegotiator(TlsSupport.forOptions(tlsOptions, List.of("h2"), clock));
 * NettyServerBuilder.forAddress(address, InternalNettyServerCredentials.create(negotiator));
 * }</pre>
 */
public final class TlsModeNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {

    private static final AsciiString HTTP = AsciiString.of("http");
    private static final AsciiString HTTPS = AsciiString.of("https");
    private static final Http2PrefaceDetector PREFACE = new Http2PrefaceDetector();

    private final TlsSupport support;
    private final InternalProtocolNegotiator.ProtocolNegotiator plaintext = InternalProtocolNegotiators.serverPlaintext();
    /** gRPC's TLS negotiation over the context it was made for; a new one when a reload brings a new context. */
    private volatile ContextNegotiator tls;

    private record ContextNegotiator(SslContext context, InternalProtocolNegotiator.ProtocolNegotiator negotiator) {}

    /** @param support the port's mode and TLS context, which negotiates {@code h2} */
    public TlsModeNegotiator(TlsSupport support) {
        this.support = support;
    }

    public TlsMode mode() {
        return support.mode();
    }

    @Override
    public AsciiString scheme() {
        return support.mode() == TlsMode.ENFORCING ? HTTPS : HTTP;
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        return support.newHandler(PREFACE, (protocol, channel) -> Optional.of(
                protocol == SniffedProtocol.TLS
                        ? tlsNegotiator().newHandler(grpcHandler)
                        : plaintext.newHandler(grpcHandler)));
    }

    /** Stops reloading and releases gRPC's negotiators; grpc-netty calls it when the server ends. */
    @Override
    public void close() {
        support.close();
        ContextNegotiator current = tls;
        if (current != null) {
            current.negotiator().close();
        }
        plaintext.close();
    }

    /** gRPC's TLS negotiation over the support's current context. */
    private InternalProtocolNegotiator.ProtocolNegotiator tlsNegotiator() {
        SslContext context = support.sslContext().orElseThrow();
        ContextNegotiator current = tls;
        if (current == null || current.context() != context) {
            // Racing connections may each make one; gRPC's server TLS negotiator holds nothing to release.
            current = new ContextNegotiator(context, InternalProtocolNegotiators.serverTls(context));
            tls = current;
        }
        return current.negotiator();
    }
}
