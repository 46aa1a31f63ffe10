package dev.wharf.transport.grpc.session;

import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gRPC clients this listener knows, by client id: their {@link GrpcClientConnection} and what they
 * told us about themselves.
 */
public final class ClientSessions {

    private final Clock clock;
    private final Map<String, GrpcClientConnection> connections = new ConcurrentHashMap<>();

    public ClientSessions(Clock clock) {
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    /** The calling client's connection, made on its first call. */
    public GrpcClientConnection connection(ClientMetadata metadata) {
        GrpcClientConnection connection = connections.computeIfAbsent(metadata.clientId(),
                id -> new GrpcClientConnection(id, metadata.remoteAddress(), metadata.localAddress()));
        connection.touch(metadata, clock.millis());
        return connection;
    }

    public Optional<GrpcClientConnection> find(String clientId) {
        return Optional.ofNullable(connections.get(clientId));
    }

    /** Forgets a client that said goodbye (NotifyClientTermination) and closes its connection. */
    public void remove(String clientId) {
        GrpcClientConnection gone = connections.remove(clientId);
        if (gone != null) {
            gone.close();
        }
    }

    /**
     * Forgets clients that went away without a word: no Telemetry stream open and no call for
     * {@code idle}. Their connections close, so the broker drops them from its groups as well.
     *
     * @return how many were forgotten
     */
    public int expireIdle(Duration idle) {
        long oldest = clock.millis() - idle.toMillis();
        int expired = 0;
        for (GrpcClientConnection connection : connections.values()) {
            if (!connection.hasStream() && connection.lastSeenMillis() < oldest
                    && connections.remove(connection.clientId(), connection)) {
                connection.close();
                expired++;
            }
        }
        return expired;
    }

    /**
     * Ends every open Telemetry stream with {@code status}: streams last as long as their client, so a listener
     * going away ends them rather than wait for them.
     */
    public void endStreams(Status status) {
        connections.values().forEach(connection -> connection.endStream(status));
    }

    public void closeAll() {
        connections.values().forEach(GrpcClientConnection::close);
        connections.clear();
    }
}
