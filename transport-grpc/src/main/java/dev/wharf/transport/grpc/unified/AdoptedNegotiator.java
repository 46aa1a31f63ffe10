package dev.wharf.transport.grpc.unified;

import dev.wharf.transport.spi.ClientAddress;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.InternalChannelz;
import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.ProtocolNegotiationEvent;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import javax.net.ssl.SSLSession;

/**
 * grpc-netty's negotiation for connections a unified port hands over: the port has already done TLS (an
 * {@link SslHandler} may sit in front) and read the PROXY header, so there is nothing left to negotiate.
 * It tells gRPC what the port learnt, as gRPC's own TLS negotiation would: the client's address
 * ({@link ClientAddress}), the TLS session (the client certificate of mutual TLS reaches calls as
 * {@code Grpc.TRANSPORT_ATTR_SSL_SESSION}), then steps aside for gRPC's HTTP/2 handler.
 */
public final class AdoptedNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {

    private static final AsciiString HTTP = AsciiString.of("http");

    @Override
    public AsciiString scheme() {
        return HTTP;
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                ctx.pipeline().addAfter(ctx.name(), null, InternalProtocolNegotiators.grpcNegotiationHandler(grpcHandler));
                ctx.pipeline().remove(this);
                ctx.fireUserEventTriggered(negotiated(ctx));
            }
        };
    }

    private static ProtocolNegotiationEvent negotiated(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        Attributes.Builder attributes = Attributes.newBuilder()
                .set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, ClientAddress.of(ctx.channel()))
                .set(Grpc.TRANSPORT_ATTR_LOCAL_ADDR, ctx.channel().localAddress());
        ProtocolNegotiationEvent event = InternalProtocolNegotiationEvent.getDefault();
        if (tls != null) {
            SSLSession session = tls.engine().getSession();
            attributes.set(Grpc.TRANSPORT_ATTR_SSL_SESSION, session);
            event = InternalProtocolNegotiationEvent.withSecurity(event,
                    new InternalChannelz.Security(new InternalChannelz.Tls(session)));
        }
        return InternalProtocolNegotiationEvent.withAttributes(event, attributes.build());
    }

    @Override
    public void close() {
        // Nothing held: the port owns TLS.
    }
}
