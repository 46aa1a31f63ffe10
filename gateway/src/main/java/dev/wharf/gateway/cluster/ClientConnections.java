package dev.wharf.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.transport.spi.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clients connected to this gateway, by producer and consumer group and client id, as their heartbeats
 * (HEART_BEAT bodies: {@code clientID}, {@code producerDataSet[].groupName}, {@code consumerDataSet[].groupName})
 * passing through to the brokers tell. The brokers see the gateway's connection only, so their requests to a
 * client of a group arrive here and are handed to one of these ({@link BrokerCallbacks}). Closed connections are
 * left out of every answer and forgotten on the next heartbeat of their group.
 *
 * <pre>{@code
 * clients.heartbeat(context.connection(), request.body());
 * clients.producer("orders-producers");   // a live connection of that producer group, if any
 * }</pre>
 */
final class ClientConnections {

    private final Map<String, Map<String, Connection>> producers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Connection>> consumers = new ConcurrentHashMap<>();

    /**
     * Records the groups a heartbeat from {@code connection} names.
     *
     * @throws IllegalArgumentException when the body is not a heartbeat
     */
    void heartbeat(Connection connection, byte[] body) {
        JsonNode heartbeat = RouteJson.read(body, "the HEART_BEAT body");
        String clientId = heartbeat.path("clientID").asText("");
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("the HEART_BEAT body names no clientID");
        }
        record(producers, heartbeat.path("producerDataSet"), clientId, connection);
        record(consumers, heartbeat.path("consumerDataSet"), clientId, connection);
    }

    /** Forgets {@code clientId} in the groups an UNREGISTER_CLIENT names (either may be null). */
    void unregister(String clientId, String producerGroup, String consumerGroup) {
        if (clientId == null) {
            return;
        }
        forget(producers, producerGroup, clientId);
        forget(consumers, consumerGroup, clientId);
    }

    /** A live connection of a client of producer group {@code group}. */
    Optional<Connection> producer(String group) {
        return live(producers, group).stream().findFirst();
    }

    /** Every live connection of a client of consumer group {@code group}. */
    List<Connection> consumers(String group) {
        return live(consumers, group);
    }

    /** The live connection of consumer {@code clientId} of {@code group}. */
    Optional<Connection> consumer(String group, String clientId) {
        Map<String, Connection> members = group == null ? null : consumers.get(group);
        Connection connection = members == null || clientId == null ? null : members.get(clientId);
        return connection != null && connection.isActive() ? Optional.of(connection) : Optional.empty();
    }

    private static void record(Map<String, Map<String, Connection>> table, JsonNode groups, String clientId,
            Connection connection) {
        for (JsonNode group : groups) {
            String name = group.path("groupName").asText("");
            if (!name.isEmpty()) {
                Map<String, Connection> members = table.computeIfAbsent(name, key -> new ConcurrentHashMap<>());
                members.values().removeIf(member -> !member.isActive());
                members.put(clientId, connection);
            }
        }
    }

    private static void forget(Map<String, Map<String, Connection>> table, String group, String clientId) {
        Map<String, Connection> members = group == null ? null : table.get(group);
        if (members != null) {
            members.remove(clientId);
        }
    }

    private static List<Connection> live(Map<String, Map<String, Connection>> table, String group) {
        Map<String, Connection> members = group == null ? null : table.get(group);
        return members == null ? List.of() : members.values().stream().filter(Connection::isActive).toList();
    }
}
