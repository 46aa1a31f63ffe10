package dev.wharf.transport.websocket;

import dev.wharf.transport.spi.ConnectionDrain;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.tls.TlsSupport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket listener: RFC 6455 on the shared event loops, the frame protocol of docs/WEBSOCKET.md on
 * {@value HttpGate#WEBSOCKET_PATH}, the web page on {@code /}. Requests become broker commands through
 * {@link MessagingService}, dispatched to the processors registered here, on the bounded
 * {@value WebSocketServerOptions#POOL_NAME} pool.
 *
 * <pre>{@code
 * RemotingServer server = new WebSocketTransportProvider().newServer(context, ServerConfig.of("0.0.0.0", 8083));
 * server.registerDefaultProcessor(forwarder, Runnable::run);
 * server.start();
 * }</pre>
 */
final class WebSocketServer implements RemotingServer {

    private static final Logger log = LoggerFactory.getLogger(WebSocketServer.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final TransportContext context;
    private final ServerConfig config;
    private final WebSocketServerOptions options;
    private final Optional<TlsSupport> tls;
    private final ProcessorTable processors;
    private final ChannelGroup channels = new DefaultChannelGroup("websocket", ImmediateEventExecutor.INSTANCE, true);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile Channel listener;

    WebSocketServer(TransportContext context, ServerConfig config, WebSocketServerOptions options,
            Optional<TlsSupport> tls) {
        this.context = context;
        this.config = config;
        this.options = options;
        this.tls = tls;
        this.processors = new ProcessorTable(context.metrics());
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
    public void start() {
        if (stopped.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("a WebSocket server starts once");
        }
        Listener shared = listener(context, config, options, processors);
        ChannelFuture bound = new ServerBootstrap()
                .group(context.ioGroup())
                .channel(context.serverChannelType())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(context.metrics().connections(ProtocolType.WEBSOCKET)
                        .counting(new WebSocketChannelInitializer(shared, channels, tls)))
                .bind(options.host(), options.port())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException(
                    "cannot bind the WebSocket server to " + options.host() + ":" + options.port(), bound.cause());
        }
        listener = bound.channel();
        tls.ifPresent(served -> served.startReloading(context));
        log.info("WebSocket server listening on {} ({} for the protocol, / for the web page; TLS {})",
                listener.localAddress(), HttpGate.WEBSOCKET_PATH,
                tls.map(support -> support.mode().toString()).orElse("off"));
    }

    /** What every connection of a listener shares: options, the broker operations over {@code processors}, the pool. */
    static Listener listener(TransportContext context, ServerConfig config, WebSocketServerOptions options,
            ProcessorTable processors) {
        ExecutorService pool = context.executors()
                .getOrCreate(WebSocketServerOptions.POOL_NAME, options.businessThreads(), options.businessQueue());
        MessagingService messaging = context.messaging(processors, config);
        return new Listener(options, messaging, pool, context.clock());
    }

    /** Stops accepting, then closes every connection, WebSocket ones with 1001 (going away). */
    @Override
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Channel bound = listener;
        if (bound != null) {
            bound.close().awaitUninterruptibly();
        }
        closeConnections(channels);
        tls.ifPresent(TlsSupport::close);
    }

    /**
     * Closes the listening socket and drains the connections: each stops its subscriptions, serves no new request
     * and, once its requests under way are answered, sends 1001 (going away); after {@code timeout} the rest are
     * closed as by {@link #shutdown()}.
     */
    @Override
    public void shutdownGracefully(Duration timeout) {
        Channel bound = listener;
        if (stopped.get() || bound == null) {
            shutdown();
            return;
        }
        bound.close().awaitUninterruptibly();
        int left = ConnectionDrain.drain(channels, timeout);
        if (left > 0) {
            log.warn("WebSocket server on {}: {} connections still busy after {}, closing them", bound.localAddress(),
                    left, timeout);
        }
        shutdown();
    }

    /** Closes WebSocket connections with 1001 (going away), then, after a moment for the close frames, every channel. */
    static void closeConnections(ChannelGroup channels) {
        for (Channel channel : channels) {
            WebSocketConnection connection = WebSocketConnection.of(channel);
            if (connection != null) {
                connection.close(CloseCode.GOING_AWAY, "the server is shutting down");
            }
        }
        channels.newCloseFuture().awaitUninterruptibly(CLOSE_GRACE.toMillis());
        channels.close().awaitUninterruptibly();
    }

    /** @throws IllegalStateException before {@link #start()} */
    @Override
    public InetSocketAddress localAddress() {
        Channel bound = listener;
        if (bound == null) {
            throw new IllegalStateException("the WebSocket server is not started");
        }
        return (InetSocketAddress) bound.localAddress();
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.WEBSOCKET;
    }
}
