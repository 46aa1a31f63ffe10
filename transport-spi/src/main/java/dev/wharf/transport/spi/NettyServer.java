package dev.wharf.transport.spi;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RemotingServer} on its own port, on the context's shared event loops: what every Netty server of a
 * protocol does the same way, so that the protocol writes only its pipeline. It binds
 * {@link ServerConfig#host()}:{@link ServerConfig#port()} once (one socket, or one per event loop when the context
 * says so: {@link ListenerSockets}), counts each accepted connection in
 * {@link TransportMetrics#connections(ProtocolType)}, keeps it in {@link #channels()} (a group that stays closed
 * once closed, so a connection accepted while the server shuts down is closed rather than left behind), and
 * registers processors in {@link #processors()}. {@link #shutdown()} closes the listening socket, then the
 * connections; {@link #shutdownGracefully(Duration)} drains them in between ({@link ConnectionDrain}).
 *
 * <p>A protocol supplies the handler of each connection ({@link #connectionHandler()}), says that it listens
 * ({@link #started}), and may change how its connections drain and close, and what it releases once stopped.
 *
 * <pre>{@code
 * final class StompServer extends NettyServer {
 *     StompServer(TransportContext context, ServerConfig config) {
 *         super(context, config, "STOMP server");
 *     }
 *     protected ChannelHandler connectionHandler() {
 *         return new StompChannelInitializer(context().messaging(processors(), config()));
 *     }
 *     protected void started(InetSocketAddress address) {
 *         log.info("STOMP server listening on {}", address);
 *     }
 *     public ProtocolType protocol() {
 *         return ProtocolType.of("stomp");
 *     }
 * }
 * }</pre>
 */
public abstract class NettyServer extends ChannelEndpoint implements RemotingServer {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile ListenerSockets listener;

    /**
     * @param name what the server is called in its messages and log lines: {@code MQTT server}
     */
    protected NettyServer(TransportContext context, ServerConfig config, String name) {
        super(context, config, name);
        this.name = name;
    }

    /** @throws IllegalStateException when started before, or when the address cannot be bound */
    @Override
    public final void start() {
        if (stopped.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("the " + name + " starts once");
        }
        ChannelInitializer<Channel> grouped = grouped(connectionHandler());
        try {
            listener = ListenerSockets.bind(context(), config().host(), config().port(),
                    connectionCounter().map(counter -> counter.counting(grouped)).orElse(grouped));
        } catch (IllegalStateException e) {
            bindFailed();
            throw new IllegalStateException(
                    "cannot bind the " + name + " to " + config().host() + ":" + config().port(), e.getCause());
        }
        started(listener.localAddress());
    }

    /** Stops accepting, then {@link #closeConnections() closes the connections}. Idempotent. */
    @Override
    public final void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        ListenerSockets bound = listener;
        if (bound != null) {
            bound.close();
        }
        closeConnections();
        stopped();
    }

    /**
     * Closes the listening socket, {@link #drainConnections drains} the connections for at most {@code timeout},
     * then {@link #shutdown()} closes what is left. Before {@link #start()} or after a shutdown, it only shuts down.
     */
    @Override
    public final void shutdownGracefully(Duration timeout) {
        ListenerSockets bound = listener;
        if (stopped.get() || bound == null) {
            shutdown();
            return;
        }
        bound.close();
        drainConnections(timeout);
        shutdown();
    }

    /** @throws IllegalStateException before {@link #start()} */
    @Override
    public final InetSocketAddress localAddress() {
        ListenerSockets bound = listener;
        if (bound == null) {
            throw new IllegalStateException("the " + name + " is not started");
        }
        return bound.localAddress();
    }

    /**
     * The handler each accepted connection gets once counted and in {@link #channels()}, usually a shareable
     * {@code ChannelInitializer}; called once, by {@link #start()} before it binds, so it may make what the
     * connections share (pools, services).
     */
    protected abstract ChannelHandler connectionHandler();

    /** Called once the port is bound, with its address: where a server starts its upkeep and logs that it listens. */
    protected abstract void started(InetSocketAddress address);

    /**
     * What counts the accepted connections: this protocol's counter. A server whose connections are counted by
     * the protocol they turn out to speak (a unified port) answers empty.
     */
    protected Optional<ConnectionCounter> connectionCounter() {
        return Optional.of(context().metrics().connections(protocol()));
    }

    /** Called when {@link #start()} could not bind, before it throws: undo what {@link #connectionHandler()} made. */
    protected void bindFailed() {}

    /**
     * Drains the connections once the listening socket is closed; {@link #shutdown()} closes what is still open
     * after. The default fires a {@link DrainEvent} into each ({@link ConnectionDrain}) and logs how many are still
     * busy after {@code timeout}.
     */
    protected void drainConnections(Duration timeout) {
        warnStillOpen(ConnectionDrain.drain(channels(), timeout), timeout);
    }

    /** Logs that {@code left} connections did not close within the drain's {@code timeout}, if any. */
    protected final void warnStillOpen(int left, Duration timeout) {
        if (left > 0) {
            log.warn("{} on {}: {} connections still busy after {}, closing them", name, listener.localAddress(), left,
                    timeout);
        }
    }

    /** Closes every connection, once the listening socket is closed; the default closes {@link #channels()}. */
    protected void closeConnections() {
        channels().close().awaitUninterruptibly();
    }

    /** Called once by {@link #shutdown()} after the connections closed: release what outlives them (file watchers). */
    protected void stopped() {}

    private ChannelInitializer<Channel> grouped(ChannelHandler handler) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                channels().add(channel);
                channel.pipeline().addLast(handler);
            }
        };
    }
}
