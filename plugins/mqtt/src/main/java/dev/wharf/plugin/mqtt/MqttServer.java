package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.NettyServer;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.messaging.MessagingService;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT listener on its own port: MQTT 3.1.1 over TCP and, on the same port, over WebSocket; on the shared
 * event loops, with its broker operations started on the bounded {@value MqttOptions#POOL_NAME} pool.
 * {@link #shutdown()} closes every connection (their wills are published, as for any broken connection);
 * {@link #shutdownGracefully} lets each stop reading, stop delivering, and close once the PUBLISHes it read are
 * stored and acknowledged.
 *
 * <pre>{@code
 * RemotingServer server = new MqttTransportProvider().newServer(context, ServerConfig.of("0.0.0.0", 1883));
 * server.registerDefaultProcessor(forwarder, Runnable::run);
 * server.start();
 * }</pre>
 */
final class MqttServer extends NettyServer {

    private static final Logger log = LoggerFactory.getLogger(MqttServer.class);

    private final MqttOptions options;

    MqttServer(TransportContext context, ServerConfig config, MqttOptions options) {
        super(context, config, "MQTT server");
        this.options = options;
    }

    /**
     * The listener state every connection shares: the messaging service on {@code processors}, the pool, sessions,
     * and the retained messages, which it starts reading from the broker.
     */
    static MqttListener listener(TransportContext context, ServerConfig config, MqttOptions options,
            ProcessorTable processors) {
        MessagingService messaging = context.messaging(processors, config);
        RetainedStore retained = new RetainedStore(messaging,
                new RetainedIndex(options.maxRetained(), options.maxRetainedBytes()), context.clock());
        MqttListener listener = new MqttListener(options, messaging,
                context.executors().getOrCreate(MqttOptions.POOL_NAME, options.businessThreads(), options.businessQueue()),
                new MqttCredentials(options.users(), options.tokens()), new SessionStore(), retained, context.clock());
        retained.start();
        return listener;
    }

    /** Lets the first byte of each connection choose TCP or WebSocket. */
    static ChannelInitializer<Channel> initializer(MqttListener listener) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast("mqttSwitch", new ProtocolSwitch(listener));
            }
        };
    }

    @Override
    protected ChannelHandler connectionHandler() {
        return initializer(listener(context(), config(), options, processors()));
    }

    @Override
    protected void started(InetSocketAddress address) {
        log.info("MQTT 3.1.1 server listening on {} (WebSocket {})", address,
                options.websocket() ? "on " + options.websocketPath() : "off");
    }

    @Override
    public ProtocolType protocol() {
        return MqttConnection.MQTT;
    }
}
