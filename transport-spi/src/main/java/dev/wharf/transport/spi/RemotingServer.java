package dev.wharf.transport.spi;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A listening endpoint of one protocol. It decodes its wire format into {@link RemotingCommand}s,
 * dispatches them to the processors registered on it, and writes the answers back.
 *
 * <pre>{@code
 * RemotingServer server = provider.newServer(context, ServerConfig.of("0.0.0.0", 8080));
 * server.registerDefaultProcessor(gatewayProcessor, pools.executor("remoting"));
 * server.start();
 * log.info("{} listening on {}", server.protocol(), server.localAddress());
 * ...
 * server.shutdown();
 * }</pre>
 */
public interface RemotingServer extends ProcessorRegistry {

    /** Binds and starts accepting; returns once bound, and fails if the port cannot be bound. */
    void start();

    /** Stops accepting, closes connections and waits for the close. Idempotent. */
    void shutdown();

    /**
     * Stops accepting and reading new requests, lets the requests in progress finish and their answers be
     * written, for at most {@code timeout}, then {@link #shutdown() shuts down}. A gateway calls this for a
     * listener removed at run time. The default shuts down at once; a transport that can tell when its
     * answers are out overrides it, each in its protocol's terms (GOAWAY, {@code Connection: close}, a close
     * frame). Netty transports can fire a {@link DrainEvent} into their connections with {@link ConnectionDrain}.
     */
    default void shutdownGracefully(Duration timeout) {
        shutdown();
    }

    /** The bound address; the real port when configured with port 0. */
    InetSocketAddress localAddress();

    ProtocolType protocol();
}
