package dev.wharf.transport.grpc;

import dev.wharf.transport.grpc.unified.AdoptedChannelsGroup;
import dev.wharf.transport.grpc.unified.AdoptedNegotiator;
import dev.wharf.transport.grpc.unified.AdoptionServerChannel;
import dev.wharf.transport.grpc.unified.GrpcOpeningDetector;
import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.TransportContext;
import io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.Channel;
import io.netty.channel.local.LocalAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * gRPC on a unified port. A {@link GrpcServer} like a dedicated port's, but grpc-netty "listens" on an
 * {@link AdoptionServerChannel} that binds nothing: each connection the port recognises as gRPC
 * ({@link GrpcOpeningDetector}) is handed to it as an accepted child, so grpc-netty serves it on the
 * connection itself, on the event loop it already runs on, with the port's TLS and client address
 * ({@link AdoptedNegotiator}). Spoken under ALPN {@code h2}.
 */
final class GrpcAdopter implements ChannelAdopter {

    private final GrpcServer server;
    private final AdoptionServerChannel listener;

    private GrpcAdopter(GrpcServer server, AdoptionServerChannel listener) {
        this.server = server;
        this.listener = listener;
    }

    static GrpcAdopter create(TransportContext context, GrpcServerOptions options) {
        AdoptionServerChannel listener = new AdoptionServerChannel();
        NettyServerBuilder transport = NettyServerBuilder.forAddress(
                        new LocalAddress(GrpcAdopter.class), InternalNettyServerCredentials.create(new AdoptedNegotiator()))
                .bossEventLoopGroup(context.ioGroup())
                .workerEventLoopGroup(new AdoptedChannelsGroup(context.ioGroup()))
                .channelFactory(() -> listener);
        return new GrpcAdopter(new GrpcServer(context, options, transport, Optional.empty()), listener);
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.GRPC;
    }

    @Override
    public Optional<ProtocolDetector> detector() {
        return Optional.of(new GrpcOpeningDetector());
    }

    @Override
    public List<String> applicationProtocols() {
        return List.of("h2");
    }

    @Override
    public void start() {
        server.start();
    }

    @Override
    public CompletionStage<Void> adopt(Channel channel) {
        return listener.accept(channel);
    }

    @Override
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        server.registerProcessor(code, processor, executor);
    }

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        server.registerDefaultProcessor(processor, executor);
    }

    /** grpc-java's graceful shutdown of the adopted connections: see {@link GrpcServer#shutdownGracefully}. */
    @Override
    public void closeGracefully(Duration timeout) {
        server.shutdownGracefully(timeout);
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
