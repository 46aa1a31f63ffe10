package dev.wharf.transport.websocket;

import dev.wharf.transport.spi.NettyAdopter;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import io.netty.channel.ChannelHandler;
import java.util.List;
import java.util.Optional;

/**
 * WebSocket on a unified port: a handshake for {@value HttpGate#WEBSOCKET_PATH} ({@link WebSocketOpeningDetector})
 * gets the same pipeline as on a {@link WebSocketServer}'s own port, behind the port's handlers, and drains and
 * closes as there. Spoken under ALPN {@code http/1.1}; reads the same options as {@link WebSocketServer}.
 */
final class WebSocketAdopter extends NettyAdopter {

    private final WebSocketServerOptions options;
    private volatile WebSocketChannelInitializer pipeline;

    /** @throws IllegalArgumentException when an option has a bad value, naming it */
    WebSocketAdopter(TransportContext context, ServerConfig config) {
        super(context, config, ProtocolType.WEBSOCKET);
        this.options = WebSocketServerOptions.from(config);
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
        pipeline = new WebSocketChannelInitializer(
                WebSocketServer.listener(context(), config(), options, processors()), Optional.empty());
    }

    @Override
    protected ChannelHandler connectionHandler() {
        return pipeline;
    }

    /** Closes its connections as a WebSocket listener does when it stops: 1001 (going away) first. */
    @Override
    public void close() {
        WebSocketServer.closeConnections(channels());
    }
}
