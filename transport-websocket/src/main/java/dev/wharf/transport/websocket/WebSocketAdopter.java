package dev.wharf.transport.websocket;

import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ConnectionCounter;
import dev.wharf.transport.spi.ConnectionDrain;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * WebSocket on a unified port: a handshake for {@value HttpGate#WEBSOCKET_PATH} ({@link WebSocketOpeningDetector})
 * gets the same pipeline as on a {@link WebSocketServer}'s own port, behind the port's handlers. Spoken under
 * ALPN {@code http/1.1}; reads the same options as {@link WebSocketServer}.
 */
final class WebSocketAdopter implements ChannelAdopter {

    private final TransportContext context;
    private final ServerConfig config;
    private final WebSocketServerOptions options;
    private final ProcessorTable processors;
    private final ConnectionCounter connections;
    private final ChannelGroup channels = new DefaultChannelGroup("websocket-adopted", ImmediateEventExecutor.INSTANCE, true);
    private volatile WebSocketChannelInitializer pipeline;

    /** @throws IllegalArgumentException when an option has a bad value, naming it */
    WebSocketAdopter(TransportContext context, ServerConfig config) {
        this.context = context;
        this.config = config;
        this.options = WebSocketServerOptions.from(config);
        this.processors = new ProcessorTable(context.metrics());
        this.connections = context.metrics().connections(ProtocolType.WEBSOCKET);
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.WEBSOCKET;
    }

    @Override
    public Optional<ProtocolDetector> detector() {
        return Optional.of(new WebSocketOpeningDetector());
    }

    @Override
    public List<String> applicationProtocols() {
        return List.of("http/1.1");
    }

    @Override
    public void start() {
        pipeline = new WebSocketChannelInitializer(WebSocketServer.listener(context, config, options, processors),
                channels, Optional.empty());
    }

    @Override
    public CompletionStage<Void> adopt(Channel channel) {
        channel.pipeline().addLast("connectionMetrics", connections.handler()).addLast(pipeline);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        processors.registerProcessor(code, processor, executor);
    }

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        processors.registerDefaultProcessor(processor, executor);
    }

    /** Drains the adopted connections as {@link WebSocketServer#shutdownGracefully} drains its own, then closes. */
    @Override
    public void closeGracefully(Duration timeout) {
        ConnectionDrain.drain(channels, timeout);
        close();
    }

    /** Closes its connections as a WebSocket listener does when it stops: 1001 (going away) first. */
    @Override
    public void close() {
        WebSocketServer.closeConnections(channels);
    }
}
