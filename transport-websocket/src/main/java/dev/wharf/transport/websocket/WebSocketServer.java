package dev.wharf.transport.websocket;

import dev.wharf.transport.spi.NettyServer;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.tls.TlsSupport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket listener: RFC 6455 on the shared event loops, the frame protocol of docs/WEBSOCKET.md on
 * {@value HttpGate#WEBSOCKET_PATH}, the web page on {@code /}. Requests become broker commands through
 * {@link MessagingService}, dispatched to the processors registered here, on the bounded
 * {@value WebSocketServerOptions#POOL_NAME} pool. {@link #shutdown()} closes WebSocket connections with 1001
 * (going away); {@link #shutdownGracefully} lets each stop its subscriptions, serve no new request and, once its
 * requests under way are answered, send 1001.
 *
 * <pre>{@code
 * RemotingServer server = new WebSocketTransportProvider().newServer(context, ServerConfig.of("0.0.0.0", 8083));
 * server.registerDefaultProcessor(forwarder, Runnable::run);
 * server.start();
 * }</pre>
 */
final class WebSocketServer extends NettyServer {

    private static final Logger log = LoggerFactory.getLogger(WebSocketServer.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final WebSocketServerOptions options;
    private final Optional<TlsSupport> tls;

    WebSocketServer(TransportContext context, ServerConfig config, WebSocketServerOptions options,
            Optional<TlsSupport> tls) {
        super(context, config, "WebSocket server");
        this.options = options;
        this.tls = tls;
    }

    @Override
    protected ChannelHandler connectionHandler() {
        return new WebSocketChannelInitializer(listener(context(), config(), options, processors()), tls);
    }

    @Override
    protected void started(InetSocketAddress address) {
        tls.ifPresent(served -> served.startReloading(context()));
        log.info("WebSocket server listening on {} ({} for the protocol, / for the web page; TLS {})",
                address, HttpGate.WEBSOCKET_PATH, tls.map(support -> support.mode().toString()).orElse("off"));
    }

    /** What every connection of a listener shares: options, the broker operations over {@code processors}, the pool. */
    static Listener listener(TransportContext context, ServerConfig config, WebSocketServerOptions options,
            ProcessorTable processors) {
        ExecutorService pool = context.executors()
                .getOrCreate(WebSocketServerOptions.POOL_NAME, options.businessThreads(), options.businessQueue());
        MessagingService messaging = context.messaging(processors, config);
        return new Listener(options, messaging, pool, context.clock());
    }

    @Override
    protected void closeConnections() {
        closeConnections(channels());
    }

    @Override
    protected void stopped() {
        tls.ifPresent(TlsSupport::close);
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

    @Override
    public ProtocolType protocol() {
        return ProtocolType.WEBSOCKET;
    }
}
