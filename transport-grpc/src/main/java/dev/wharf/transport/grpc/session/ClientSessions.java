package dev.wharf.transport.grpc.session;

import java.time.Clock;
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
        connection.touch(metadata);
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

    public void closeAll() {
        connections.values().forEach(GrpcClientConnection::close);
        connections.clear();
    }
}
