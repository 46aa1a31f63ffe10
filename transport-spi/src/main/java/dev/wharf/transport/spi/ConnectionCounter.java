package dev.wharf.transport.spi;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts one protocol's client connections: the gauge {@value #OPEN} (open now) and the counter
 * {@value #OPENED} (opened since start), both tagged {@code protocol}. There is one per protocol and
 * registry, from {@link TransportMetrics#connections(ProtocolType)}, shared by every listener of that
 * protocol. A Netty server adds {@link #handler()} to each accepted channel; other servers call
 * {@link #opened()} and {@link #closed()} once each per connection.
 *
 * <pre>{@code
 * ConnectionCounter connections = context.metrics().connections(ProtocolType.of("mqtt"));
 * bootstrap.childHandler(new ChannelInitializer<>() {
 *     protected void initChannel(Channel channel) {
 *         channel.pipeline().addLast(connections.handler(), new MqttDecoder(), ...);
 *     }
 * });
 * }</pre>
 */
public final class ConnectionCounter {

    /** Gauge: connections open now. */
    public static final String OPEN = "wharf.connections";
    /** Counter: connections opened since start. */
    public static final String OPENED = "wharf.connections.opened";

    private final AtomicLong open = new AtomicLong();
    private final Counter openedCounter;
    private final ConnectionMetricsHandler handler;

    ConnectionCounter(MeterRegistry registry, ProtocolType protocol) {
        // A strong reference: gauges otherwise hold their state weakly and would read NaN once it is collected.
        Gauge.builder(OPEN, open, AtomicLong::get)
                .tag(TransportMetrics.PROTOCOL_TAG, protocol.name())
                .description("Client connections open now")
                .strongReference(true)
                .register(registry);
        this.openedCounter = Counter.builder(OPENED)
                .tag(TransportMetrics.PROTOCOL_TAG, protocol.name())
                .description("Client connections opened since start")
                .register(registry);
        this.handler = new ConnectionMetricsHandler(this, protocol);
    }

    /** A connection was accepted (for TLS: whatever the server counts as established, consistently). */
    public void opened() {
        open.incrementAndGet();
        openedCounter.increment();
    }

    /** A connection counted by {@link #opened()} closed. */
    public void closed() {
        open.decrementAndGet();
    }

    /** Connections open now. */
    public long open() {
        return open.get();
    }

    /** The shareable Netty handler that counts the channels whose pipeline it is in. */
    public ConnectionMetricsHandler handler() {
        return handler;
    }

    /**
     * A child handler for a server bootstrap: counts each accepted channel, then hands it to {@code initializer}
     * (a shareable handler, usually a {@code ChannelInitializer}).
     */
    public ChannelInitializer<Channel> counting(ChannelHandler initializer) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast("connectionMetrics", handler).addLast(initializer);
            }
        };
    }
}
