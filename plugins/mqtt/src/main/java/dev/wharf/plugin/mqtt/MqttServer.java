package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.ConnectionDrain;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingServer;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.messaging.MessagingService;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT listener on its own port: MQTT 3.1.1 over TCP and, on the same port, over WebSocket; on the shared
 * event loops, with its broker operations started on the bounded {@value MqttOptions#POOL_NAME} pool.
 *
 * <pre>{@code
 * RemotingServer server = new MqttTransportProvider().newServer(context, ServerConfig.of("0.0.0.0", 1883));
 * server.registerDefaultProcessor(forwarder, Runnable::run);
 * server.start();
 * }</pre>
 */
final class MqttServer implements RemotingServer {

    private static final Logger log = LoggerFactory.getLogger(MqttServer.class);

    private final TransportContext context;
    private final ServerConfig config;
    private final MqttOptions options;
    private final ProcessorTable processors;
    private final ChannelGroup channels = new DefaultChannelGroup("mqtt", ImmediateEventExecutor.INSTANCE, true);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile Channel bound;

    MqttServer(TransportContext context, ServerConfig config, MqttOptions options) {
        this.context = context;
        this.config = config;
        this.options = options;
        this.processors = new ProcessorTable(context.metrics());
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

    /** Counts the connection, remembers it for shutdown, and lets the first byte choose TCP or WebSocket. */
    static ChannelInitializer<Channel> initializer(MqttListener listener, ChannelGroup channels) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                channels.add(channel);
                channel.pipeline().addLast("mqttSwitch", new ProtocolSwitch(listener));
            }
        };
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
            throw new IllegalStateException("an MQTT server starts once");
        }
        MqttListener listener = listener(context, config, options, processors);
        ChannelFuture binding = new ServerBootstrap()
                .group(context.ioGroup())
                .channel(context.serverChannelType())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(context.metrics().connections(MqttConnection.MQTT).counting(initializer(listener, channels)))
                .bind(options.host(), options.port())
                .awaitUninterruptibly();
        if (!binding.isSuccess()) {
            throw new IllegalStateException("cannot bind the MQTT server to " + options.host() + ":" + options.port(),
                    binding.cause());
        }
        bound = binding.channel();
        log.info("MQTT 3.1.1 server listening on {} (WebSocket {})", bound.localAddress(),
                options.websocket() ? "on " + options.websocketPath() : "off");
    }

    /** Stops accepting and closes every connection (their wills are published, as for any broken connection). */
    @Override
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Channel listening = bound;
        if (listening != null) {
            listening.close().awaitUninterruptibly();
        }
        channels.close().awaitUninterruptibly();
    }

    /**
     * Closes the listening socket and drains the connections: each stops reading, stops delivering, and closes once
     * the PUBLISHes it read are stored and acknowledged; after {@code timeout} the rest are closed.
     */
    @Override
    public void shutdownGracefully(Duration timeout) {
        Channel listening = bound;
        if (stopped.get() || listening == null) {
            shutdown();
            return;
        }
        listening.close().awaitUninterruptibly();
        int left = ConnectionDrain.drain(channels, timeout);
        if (left > 0) {
            log.warn("MQTT server on {}: {} connections still busy after {}, closing them", listening.localAddress(),
                    left, timeout);
        }
        shutdown();
    }

    /** @throws IllegalStateException before {@link #start()} */
    @Override
    public InetSocketAddress localAddress() {
        Channel listening = bound;
        if (listening == null) {
            throw new IllegalStateException("the MQTT server is not started");
        }
        return (InetSocketAddress) listening.localAddress();
    }

    @Override
    public ProtocolType protocol() {
        return MqttConnection.MQTT;
    }
}
