package dev.wharf.broker.client;

import dev.wharf.transport.spi.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which connections are online in which producer group, so the broker can ask a producer about a
 * transaction it left unresolved. Members join with each heartbeat that names the group, leave when they
 * unregister, and expire when their connection is gone or their heartbeats stop ({@link #expire()}, run
 * periodically); the transport tells nobody about a closed connection, so {@link #anyConnection} also skips
 * connections that are no longer active.
 *
 * <pre>{@code
 * producers.register("orders-tx", connection, "10.0.0.7@4711");    // from HEART_BEAT
 * producers.anyConnection("orders-tx").ifPresent(c -> c.send(check));
 * }</pre>
 */
public final class ProducerRegistry {

    private static final Logger log = LoggerFactory.getLogger(ProducerRegistry.class);

    /** One connection of a producer group, as its last heartbeat described it. */
    public record ProducerMember(Connection connection, String clientId, long lastHeartbeatMillis) {}

    private final Clock clock;
    private final Duration expiry;
    private final Map<String, Map<String, ProducerMember>> groups = new ConcurrentHashMap<>();

    /**
     * @param clock time source of heartbeats and expiry
     * @param expiry how long a member stays without a heartbeat
     */
    public ProducerRegistry(Clock clock, Duration expiry) {
        this.clock = clock;
        this.expiry = expiry;
    }

    /** Records a heartbeat of one connection of a producer group. */
    public void register(String group, Connection connection, String clientId) {
        ProducerMember member = new ProducerMember(connection, clientId, clock.millis());
        groups.compute(group, (name, members) -> {
            Map<String, ProducerMember> next = members == null ? new ConcurrentHashMap<>() : members;
            if (next.put(connection.id(), member) == null) {
                log.debug("producer {} of group {} joined on {}", clientId, group, connection.remoteAddress());
            }
            return next;
        });
    }

    /** Removes a connection from a group (UNREGISTER_CLIENT). */
    public void unregister(String group, Connection connection) {
        groups.computeIfPresent(group, (name, members) -> {
            members.remove(connection.id());
            return members.isEmpty() ? null : members;
        });
    }

    /** Removes members whose connection closed or whose heartbeats stopped; returns how many. */
    public int expire() {
        long oldest = clock.millis() - expiry.toMillis();
        int[] expired = {0};
        for (String group : List.copyOf(groups.keySet())) {
            groups.computeIfPresent(group, (name, members) -> {
                int before = members.size();
                members.values().removeIf(member ->
                        !member.connection().isActive() || member.lastHeartbeatMillis() < oldest);
                expired[0] += before - members.size();
                return members.isEmpty() ? null : members;
            });
        }
        return expired[0];
    }

    /** One live connection of the group, picked at random so checks spread over its producers. */
    public Optional<Connection> anyConnection(String group) {
        Map<String, ProducerMember> members = groups.get(group);
        if (members == null) {
            return Optional.empty();
        }
        List<Connection> live = members.values().stream()
                .map(ProducerMember::connection)
                .filter(Connection::isActive)
                .toList();
        return live.isEmpty()
                ? Optional.empty()
                : Optional.of(live.get(ThreadLocalRandom.current().nextInt(live.size())));
    }

    /** The members of a group online now; empty for an unknown group. */
    public List<ProducerMember> members(String group) {
        Map<String, ProducerMember> members = groups.get(group);
        return members == null ? List.of() : List.copyOf(members.values());
    }
}
