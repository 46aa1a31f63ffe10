package dev.wharf.transport.grpc;

import dev.wharf.transport.grpc.unified.AdoptedChannelsGroup;
import dev.wharf.transport.grpc.unified.AdoptionServerChannel;
import dev.wharf.transport.spi.ConnectionCounter;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.TransportContext;
import io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.Channel;
import io.netty.channel.local.LocalAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC service stack of one listener, built when its first connection arrives: grpc-netty, the protobuf
 * descriptors of {@code apache.rocketmq.v2} and the service take some 15 MiB of class metadata, code and buffers,
 * which a listener nobody speaks gRPC to should not cost. Until then the listener is a plain Netty port; its
 * connections are handed to grpc-netty through an {@link AdoptionServerChannel} ({@link #adopt}), the way a unified
 * port hands over the connections it recognises, so the stack binds nothing itself.
 *
 * <p>The first connections wait for the build, which runs once, off the event loops, on a thread of its own (the
 * business pool may be busy with other listeners' work); a build that fails fails the connections waiting for
 * it and the next connection tries again. The business pool is made at once, as it holds no thread while idle.
 */
final class GrpcStack {

    private static final Logger log = LoggerFactory.getLogger(GrpcStack.class);

    private final TransportContext context;
    private final GrpcServerOptions options;
    private final ProcessorTable processors;
    /** Registered with the listener, so the metrics show its protocol's connections before there are any. */
    private final ConnectionCounter connections;
    private final Supplier<InternalProtocolNegotiator.ProtocolNegotiator> negotiator;
    /** Guarded by this; null until the first connection, or after a failed build. */
    private CompletableFuture<Built> built;
    private boolean closed;

    private record Built(GrpcServer server, AdoptionServerChannel listener) {}

    /**
     * @param negotiator made with the stack: gRPC's negotiation of each connection (TLS by the port's mode on
     *     a listener of its own; nothing left to do on a unified port, which did TLS)
     */
    GrpcStack(TransportContext context, GrpcServerOptions options, ProcessorTable processors,
            Supplier<InternalProtocolNegotiator.ProtocolNegotiator> negotiator) {
        this.context = context;
        this.options = options;
        this.processors = processors;
        this.negotiator = negotiator;
        this.connections = context.metrics().connections(ProtocolType.GRPC);
        context.executors().getOrCreate(GrpcServerOptions.POOL_NAME, options.businessThreads(), options.businessQueue());
    }

    /**
     * Hands {@code channel}, an accepted connection on its event loop, to gRPC, building the stack first if
     * need be. Completes once gRPC's handlers are in the channel's pipeline.
     */
    CompletionStage<Void> adopt(Channel channel) {
        return started().thenCompose(stack -> stack.listener().accept(channel));
    }

    /** The server, once a connection has built it. */
    synchronized Optional<GrpcServer> server() {
        return built == null || !built.isDone() || built.isCompletedExceptionally()
                ? Optional.empty()
                : Optional.of(built.join().server());
    }

    /**
     * Stops the server if it was built (waiting for a build under way), letting calls in progress finish for at
     * most {@code grace} (see {@link GrpcServer#shutdownGracefully}); connections arriving later are refused.
     */
    void close(Duration grace) {
        CompletableFuture<Built> building;
        synchronized (this) {
            closed = true;
            building = built;
        }
        if (building != null) {
            building.thenAccept(stack -> stack.server().shutdownGracefully(grace)).exceptionally(failure -> null).join();
        }
    }

    private synchronized CompletableFuture<Built> started() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the gRPC listener is closed"));
        }
        if (built == null) {
            CompletableFuture<Built> building = CompletableFuture.supplyAsync(this::build,
                    GrpcStack::startThread);
            building.whenComplete((stack, failure) -> {
                if (failure != null) {
                    log.error("cannot start the gRPC service", failure);
                    forget(building);
                }
            });
            built = building;
        }
        return built;
    }

    private static void startThread(Runnable task) {
        Thread thread = new Thread(task, "grpc-start");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void forget(CompletableFuture<Built> failed) {
        if (built == failed) {
            built = null;
        }
    }

    private Built build() {
        long start = System.nanoTime();
        AdoptionServerChannel listener = new AdoptionServerChannel();
        NettyServerBuilder transport = NettyServerBuilder.forAddress(new LocalAddress(GrpcStack.class),
                        InternalNettyServerCredentials.create(negotiator.get()))
                .bossEventLoopGroup(context.ioGroup())
                .workerEventLoopGroup(new AdoptedChannelsGroup(context.ioGroup()))
                .channelFactory(() -> listener);
        GrpcServer server = new GrpcServer(context, options, transport, processors, connections);
        server.start();
        log.info("gRPC service started on its first connection in {} ms", (System.nanoTime() - start) / 1_000_000);
        return new Built(server, listener);
    }
}
