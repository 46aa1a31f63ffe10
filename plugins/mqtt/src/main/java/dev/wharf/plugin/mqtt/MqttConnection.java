package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.ChannelConnection;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * An MQTT client's connection as the broker's processors see it. MQTT clients take no Remoting commands, so
 * {@link #send} and {@link #invoke} fail; deliveries reach them as PUBLISH packets from their subscriptions.
 */
final class MqttConnection extends ChannelConnection {

    static final ProtocolType MQTT = ProtocolType.of("mqtt");

    MqttConnection(Channel channel) {
        super(channel, MQTT);
    }

    @Override
    public CompletableFuture<Void> send(RemotingCommand command) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("MQTT clients take no Remoting commands"));
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("MQTT clients take no Remoting commands"));
    }
}
