package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.NettyAdopter;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import io.netty.channel.ChannelHandler;
import java.util.Optional;

/**
 * MQTT on a unified port: a connection {@link MqttDetector} recognises gets the pipeline of an {@link MqttServer}'s
 * own port, behind the port's handlers (TLS among them, so {@code mqtts} works there), and drains as there.
 */
final class MqttAdopter extends NettyAdopter {

    private final MqttOptions options;
    private volatile ChannelHandler pipeline;

    /** @throws IllegalArgumentException when an option has a bad value, naming it */
    MqttAdopter(TransportContext context, ServerConfig config) {
        super(context, config, MqttConnection.MQTT);
        this.options = MqttOptions.from(config);
    }

    @Override
    public Optional<ProtocolDetector> detector() {
        return Optional.of(new MqttDetector(options.websocketPath()));
    }

    @Override
    public void start() {
        pipeline = MqttServer.initializer(MqttServer.listener(context(), config(), options, processors()));
    }

    @Override
    protected ChannelHandler connectionHandler() {
        return pipeline;
    }
}
