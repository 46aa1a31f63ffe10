package dev.wharf.transport.grpc;

import dev.wharf.transport.grpc.service.GrpcMessagingService;
import dev.wharf.transport.grpc.session.ClientMetadataInterceptor;
import dev.wharf.transport.grpc.session.ClientSessions;
import dev.wharf.transport.spi.ConnectionCounter;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.TransportContext;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's gRPC server: grpc-netty on the shared event loops over the connections its {@link GrpcStack}
 * hands it, calls handed to the bounded {@value GrpcServerOptions#POOL_NAME} pool, every RPC translated into
 * Remoting commands dispatched to the listener's processors. Connections and requests are counted in the
 * context's metrics under the protocol {@code grpc}.
 */
final class GrpcServer {

    /** How long a plain {@link #shutdown()} lets the calls in progress finish. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);
    /** How long cancelled calls and their connections have to close after the grace. */
    private static final Duration FORCED_GRACE = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

    private final TransportContext context;
    private final GrpcServerOptions options;
    private final NettyServerBuilder transport;
    private final ProcessorTable processors;
    private final ConnectionCounter connections;
    private volatile Server server;
    private volatile ClientSessions sessions;
    private volatile ScheduledFuture<?> idleClientSweep;
    private volatile GrpcMessagingService service;

    /**
     * @param transport where connections come from: an address, its negotiation and event loops, to which
     *     this adds the service and its limits
     * @param processors the listener's, which calls become commands for
     * @param connections where the listener's connections are counted
     */
    GrpcServer(TransportContext context, GrpcServerOptions options, NettyServerBuilder transport, ProcessorTable processors,
            ConnectionCounter connections) {
        this.context = context;
        this.options = options;
        this.transport = transport;
        this.processors = processors;
        this.connections = connections;
    }

    synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("gRPC server already started");
        }
        ExecutorService pool = context.executors()
                .getOrCreate(GrpcServerOptions.POOL_NAME, options.businessThreads(), options.businessQueue());
        sessions = new ClientSessions(context.clock());
        service = new GrpcMessagingService(processors, sessions, pool, context.ioGroup(), context.clock(), options);
        if (options.autoFlowControl()) {
            transport.initialFlowControlWindow(options.flowControlWindow());
        } else {
            transport.flowControlWindow(options.flowControlWindow());
        }
        Server built = transport
                // Calls only hand work to the business pool, so they may start on the event loop.
                .directExecutor()
                .maxInboundMessageSize(options.maxInboundMessageSize())
                .permitKeepAliveTime(options.permitKeepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
                .permitKeepAliveWithoutCalls(true)
                .addService(ServerInterceptors.intercept(service, new ClientMetadataInterceptor()))
                .addTransportFilter(new ConnectionCountingFilter(connections))
                .build();
        try {
            server = built.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind gRPC on " + options.host() + ":" + options.port(), e);
        }
        long sweepMillis = Math.max(1_000, options.clientIdleTimeout().toMillis() / 4);
        idleClientSweep = context.ioGroup().scheduleAtFixedRate(() -> sessions.expireIdle(options.clientIdleTimeout()),
                sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        log.debug("gRPC server serving {}", server.getListenSockets());
    }

    /** Shuts down as {@link #shutdownGracefully} does, giving the calls in progress {@link #SHUTDOWN_GRACE}. */
    synchronized void shutdown() {
        stop(SHUTDOWN_GRACE);
    }

    /**
     * grpc-java's graceful shutdown: the listening socket closes, every connection gets GOAWAY (no new calls),
     * Telemetry streams, which last as long as their client, end with UNAVAILABLE so the client opens them on
     * another endpoint, and the calls in progress (unary calls, ReceiveMessage long polls) finish with their own
     * status, for at most {@code timeout}; then the calls left are cancelled and the connections closed.
     */
    synchronized void shutdownGracefully(Duration timeout) {
        stop(timeout);
    }

    /** Ends the calls and the server; grpc-netty closes its negotiator. */
    private void stop(Duration grace) {
        Server running = server;
        if (running == null || running.isShutdown()) {
            return;
        }
        idleClientSweep.cancel(false);
        Object address = running.getListenSockets();
        running.shutdown();
        sessions.endStreams(Status.UNAVAILABLE.withDescription("this gateway listener is shutting down"));
        try {
            if (!running.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("gRPC server on {}: calls still in progress after {}, cancelling them",
                        address, grace);
                running.shutdownNow().awaitTermination(FORCED_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.shutdownNow();
        }
        service.close();
        sessions.closeAll();
    }

    /** The clients this listener knows, by client id. */
    ClientSessions sessions() {
        return sessions;
    }
}
