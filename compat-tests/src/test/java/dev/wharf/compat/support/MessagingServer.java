package dev.wharf.compat.support;

import java.util.Optional;

/**
 * A running server the official client can be pointed at: one address that answers both name-server
 * and broker requests from the client's point of view.
 */
public interface MessagingServer extends AutoCloseable {

    /** {@code host:port} for {@code setNamesrvAddr}. */
    String nameServerAddress();

    /** {@code host:port} of the broker itself, for admin requests sent straight to it. */
    String brokerAddress();

    /** {@code host:port} of the gRPC endpoint, for the 5.x SDK's {@code ClientConfiguration}. */
    String grpcEndpoint();

    /** {@code host:port} of the HTTP JSON API; empty for servers that have none (Apache RocketMQ). */
    default Optional<String> httpAddress() {
        return Optional.empty();
    }

    /** {@code host:port} of the WebSocket endpoint; empty for servers that have none (Apache RocketMQ). */
    default Optional<String> webSocketAddress() {
        return Optional.empty();
    }

    /**
     * Stops gracefully (SIGTERM) and waits for the exit.
     *
     * @throws AssertionError when the server does not exit in time; a clean shutdown is part of the contract
     */
    void stop();

    /** Kills without warning (SIGKILL), as a crash or power cut would, and waits for the exit. */
    void kill();

    /** {@link #stop()} unless already stopped or killed. */
    @Override
    void close();
}
