package dev.wharf.transport.spi;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link ChannelAdopter} whose protocol is a Netty pipeline, as on the protocol's own {@link NettyServer}: it
 * registers processors in {@link #processors()}, and adopting a channel counts it in
 * {@link TransportMetrics#connections(ProtocolType)}, keeps it in {@link #channels()} (a group that stays closed
 * once closed) and adds {@link #connectionHandler()} behind the port's handlers. {@link #closeGracefully} drains
 * the group ({@link ConnectionDrain}), then {@link #close()} closes it.
 *
 * <pre>{@code
 * final class StompAdopter extends NettyAdopter {
 *     private volatile StompChannelInitializer pipeline;
 *     StompAdopter(TransportContext context, ServerConfig config) {
 *         super(context, config, ProtocolType.of("stomp"));
 *     }
 *     public Optional<ProtocolDetector> detector() { return Optional.of(new StompDetector()); }
 *     public void start() { pipeline = new StompChannelInitializer(context().messaging(processors(), config())); }
 *     protected ChannelHandler connectionHandler() { return pipeline; }
 * }
 * }</pre>
 */
public abstract class NettyAdopter extends ChannelEndpoint implements ChannelAdopter {

    private final ProtocolType protocol;
    private final ConnectionCounter connections;

    /** @param config the listener's options, without the {@code tls.*} ones (the port does TLS) */
    protected NettyAdopter(TransportContext context, ServerConfig config, ProtocolType protocol) {
        super(context, config, protocol.name() + "-adopted");
        this.protocol = protocol;
        this.connections = context.metrics().connections(protocol);
    }

    @Override
    public final ProtocolType protocol() {
        return protocol;
    }

    /** Counts {@code channel}, keeps it in {@link #channels()} and adds {@link #connectionHandler()} at the end. */
    @Override
    public final CompletionStage<Void> adopt(Channel channel) {
        channels().add(channel);
        channel.pipeline().addLast("connectionMetrics", connections.handler()).addLast(connectionHandler());
        return CompletableFuture.completedFuture(null);
    }

    /** {@link #drainConnections Drains} the adopted connections, then {@link #close() closes} what is left. */
    @Override
    public final void closeGracefully(Duration timeout) {
        drainConnections(timeout);
        close();
    }

    /** Closes the adopted connections; the default closes {@link #channels()}. Idempotent. */
    @Override
    public void close() {
        channels().close().awaitUninterruptibly();
    }

    /**
     * The handler each adopted connection gets behind the port's, usually the shareable {@code ChannelInitializer}
     * the protocol's own server uses; made by {@link #start()}.
     */
    protected abstract ChannelHandler connectionHandler();

    /**
     * Drains the adopted connections for at most {@code timeout}, as the protocol's server drains its own; the
     * default fires a {@link DrainEvent} into each ({@link ConnectionDrain}).
     */
    protected void drainConnections(Duration timeout) {
        ConnectionDrain.drain(channels(), timeout);
    }
}
