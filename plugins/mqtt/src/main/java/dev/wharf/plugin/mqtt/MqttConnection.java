package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.ClientAddress;
import dev.wharf.transport.spi.ChannelCloseStage;
import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An MQTT client's connection as the broker's processors see it. MQTT clients take no Remoting commands, so
 * {@link #send} and {@link #invoke} fail; deliveries reach them as PUBLISH packets from their subscriptions.
 */
final class MqttConnection implements Connection {

    static final ProtocolType MQTT = ProtocolType.of("mqtt");
    private static final AtomicLong IDS = new AtomicLong();

    private final Channel channel;
    private final String id = "mqtt-" + IDS.incrementAndGet();
    private final CompletionStage<Void> closed;

    MqttConnection(Channel channel) {
        this.channel = channel;
        this.closed = ChannelCloseStage.of(channel);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ProtocolType protocol() {
        return MQTT;
    }

    @Override
    public SocketAddress remoteAddress() {
        return ClientAddress.of(channel);
    }

    @Override
    public SocketAddress localAddress() {
        return channel.localAddress();
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public CompletableFuture<Void> send(RemotingCommand command) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("MQTT clients take no Remoting commands"));
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("MQTT clients take no Remoting commands"));
    }

    @Override
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.close().addListener(done -> closed.complete(null));
        return closed;
    }

    @Override
    public CompletionStage<Void> closeFuture() {
        return closed;
    }

    @Override
    public <T> Attribute<T> attr(AttributeKey<T> key) {
        return channel.attr(key);
    }

    @Override
    public <T> boolean hasAttr(AttributeKey<T> key) {
        return channel.hasAttr(key);
    }
}
