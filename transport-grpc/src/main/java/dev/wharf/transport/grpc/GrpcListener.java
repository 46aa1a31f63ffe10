package dev.wharf.transport.grpc;

import dev.wharf.transport.grpc.session.ClientSessions;
import dev.wharf.transport.grpc.tls.TlsModeNegotiator;
import dev.wharf.transport.spi.ClientAddress;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.tls.TlsSupport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gRPC listener of its own: a plain Netty port on the shared event loops that hands each accepted
 * connection to its {@link GrpcStack}, built on the first one, whose grpc-netty tells TLS from plaintext by
 * the port's {@link TlsSupport} ({@link TlsModeNegotiator}). Bound at start, so a taken port fails then, and
 * the certificate files are watched from then on.
 */
final class GrpcListener implements RemotingServer {

    private static final Logger log = LoggerFactory.getLogger(GrpcListener.class);

    private final TransportContext context;
    private final GrpcServerOptions options;
    private final TlsSupport tls;
    private final ProcessorTable processors;
    private final GrpcStack stack;
    private volatile Channel bound;
    private boolean stopped;

    GrpcListener(TransportContext context, GrpcServerOptions options, TlsSupport tls) {
        this.context = context;
        this.options = options;
        this.tls = tls;
        this.processors = new ProcessorTable(context.metrics());
        this.stack = new GrpcStack(context, options, processors, () -> new TlsModeNegotiator(tls));
    }

    @Override
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        processors.registerProcessor(code, processor, executor);
    }

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        processors.registerDefaultProcessor(processor, executor);
    }

    /** @throws IllegalStateException when started before, or when the address cannot be bound */
    @Override
    public synchronized void start() {
        if (bound != null || stopped) {
            throw new IllegalStateException("gRPC server already started");
        }
        ChannelFuture binding = new ServerBootstrap()
                .group(context.ioGroup())
                .channel(context.serverChannelType())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HandOver(stack));
                    }
                })
                .bind(options.host(), options.port())
                .awaitUninterruptibly();
        if (!binding.isSuccess()) {
            throw new IllegalStateException("cannot bind gRPC on " + options.host() + ":" + options.port(), binding.cause());
        }
        bound = binding.channel();
        tls.startReloading(context);
        log.debug("gRPC listening on {}, TLS {}; the service starts with the first connection", bound.localAddress(),
                tls.mode());
    }

    /** Stops as {@link #shutdownGracefully} does, giving the calls in progress {@link GrpcServer#SHUTDOWN_GRACE}. */
    @Override
    public void shutdown() {
        shutdownGracefully(GrpcServer.SHUTDOWN_GRACE);
    }

    /**
     * The listening socket closes first, so no connection arrives meanwhile; then grpc-java's graceful
     * shutdown (GOAWAY, Telemetry streams ended, calls in progress finishing) for at most {@code timeout}.
     */
    @Override
    public synchronized void shutdownGracefully(Duration timeout) {
        if (stopped) {
            return;
        }
        stopped = true;
        if (bound != null) {
            bound.close().awaitUninterruptibly();
        }
        stack.close(timeout);
        tls.close();
    }

    /** The clients this listener knows, by client id; empty before the first connection. */
    Optional<ClientSessions> sessions() {
        return stack.server().map(GrpcServer::sessions);
    }

    @Override
    public InetSocketAddress localAddress() {
        Channel listening = bound;
        if (listening == null) {
            throw new IllegalStateException("gRPC server not started");
        }
        return (InetSocketAddress) listening.localAddress();
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
