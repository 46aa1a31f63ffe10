package dev.wharf.plugin.mqtt;

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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * MQTT on a unified port: a connection {@link MqttDetector} recognises gets the pipeline of an {@link MqttServer}'s
 * own port, behind the port's handlers (TLS among them, so {@code mqtts} works there).
 */
final class MqttAdopter implements ChannelAdopter {

    private final TransportContext context;
    private final ServerConfig config;
    private final MqttOptions options;
    private final ProcessorTable processors;
    private final ConnectionCounter connections;
    private final ChannelGroup channels = new DefaultChannelGroup("mqtt-adopted", ImmediateEventExecutor.INSTANCE, true);
    private volatile MqttListener listener;

    /** @throws IllegalArgumentException when an option has a bad value, naming it */
    MqttAdopter(TransportContext context, ServerConfig config) {
        this.context = context;
        this.config = config;
        this.options = MqttOptions.from(config);
        this.processors = new ProcessorTable(context.metrics());
        this.connections = context.metrics().connections(MqttConnection.MQTT);
    }

    @Override
    public ProtocolType protocol() {
        return MqttConnection.MQTT;
    }

    @Override
    public Optional<ProtocolDetector> detector() {
        return Optional.of(new MqttDetector(options.websocketPath()));
    }

    @Override
    public void start() {
        listener = MqttServer.listener(context, config, options, processors);
    }

    @Override
    public CompletionStage<Void> adopt(Channel channel) {
        channel.pipeline().addLast("connectionMetrics", connections.handler())
                .addLast(MqttServer.initializer(listener, channels));
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

    /** Drains the adopted connections as {@link MqttServer#shutdownGracefully} drains its own, then closes. */
    @Override
    public void closeGracefully(Duration timeout) {
        ConnectionDrain.drain(channels, timeout);
        close();
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly();
    }
}
