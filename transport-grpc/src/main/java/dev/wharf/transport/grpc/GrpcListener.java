package dev.wharf.transport.grpc;

import dev.wharf.transport.grpc.session.ClientSessions;
import dev.wharf.transport.grpc.tls.TlsModeNegotiator;
import dev.wharf.transport.spi.ClientAddress;
import dev.wharf.transport.spi.ConnectionCounter;
import dev.wharf.transport.spi.NettyServer;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.tls.TlsSupport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gRPC listener of its own: a plain Netty port on the shared event loops that hands each accepted
 * connection to its {@link GrpcStack}, built on the first one, whose grpc-netty tells TLS from plaintext by
 * the port's {@link TlsSupport} ({@link TlsModeNegotiator}). Bound at start, so a taken port fails then, and
 * the certificate files are watched from then on.
 */
final class GrpcListener extends NettyServer {

    private static final Logger log = LoggerFactory.getLogger(GrpcListener.class);

    private final TlsSupport tls;
    private final GrpcStack stack;

    GrpcListener(TransportContext context, ServerConfig config, GrpcServerOptions options, TlsSupport tls) {
        super(context, config, "gRPC server");
        this.tls = tls;
        this.stack = new GrpcStack(context, options, processors(), () -> new TlsModeNegotiator(tls));
    }

    @Override
    protected ChannelHandler connectionHandler() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(new HandOver(stack));
            }
        };
    }

    /** None here: the stack counts each connection it serves. */
    @Override
    protected Optional<ConnectionCounter> connectionCounter() {
        return Optional.empty();
    }

    @Override
    protected void started(InetSocketAddress address) {
        tls.startReloading(context());
        log.debug("gRPC listening on {}, TLS {}; the service starts with the first connection", address, tls.mode());
    }

    /**
     * grpc-java's graceful shutdown (GOAWAY, Telemetry streams ended, calls in progress finishing) for at most
     * {@code timeout}, once the listening socket is closed.
     */
    @Override
    protected void drainConnections(Duration timeout) {
        stack.close(timeout);
    }

    /** Stops as a drain does, giving the calls in progress {@link GrpcServer#SHUTDOWN_GRACE}; then closes the rest. */
    @Override
    protected void closeConnections() {
        stack.close(GrpcServer.SHUTDOWN_GRACE);
        super.closeConnections();
    }

    @Override
    protected void stopped() {
        tls.close();
    }

    /** The clients this listener knows, by client id; empty before the first connection. */
    Optional<ClientSessions> sessions() {
        return stack.server().map(GrpcServer::sessions);
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.GRPC;
    }

    /**
     * First in each accepted connection: hands it to the stack once it is active, holds what the client sends
     * meanwhile, then steps aside so that gRPC's handlers read it.
     */
    private static final class HandOver extends ByteToMessageDecoder {

        private final GrpcStack stack;

        HandOver(GrpcStack stack) {
            this.stack = stack;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            super.channelActive(ctx);
            stack.adopt(ctx.channel()).whenComplete((ignored, failure) -> ctx.executor().execute(() -> {
                if (failure != null) {
                    log.warn("closing gRPC connection from {}: {}", ClientAddress.of(ctx.channel()), failure.toString());
                    ctx.close();
                } else if (!ctx.isRemoved()) {
                    ctx.pipeline().remove(this);
                }
            }));
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            // Held until gRPC's handlers are in place; removing this handler passes it on to them.
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("closing gRPC connection from {} before gRPC took it: {}", ClientAddress.of(ctx.channel()),
                    cause.toString());
            ctx.close();
        }
    }
}
