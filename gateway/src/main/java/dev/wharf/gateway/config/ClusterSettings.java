package dev.wharf.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The RocketMQ cluster's NameServers: in cluster mode, where the brokers behind the gateway are found and how
 * long what the NameServers say is trusted; in local mode, with {@code register: true}, where the embedded
 * broker registers itself so that Apache RocketMQ's clients, Proxy and Cluster-mode gateways can use it.
 *
 * <pre>{@code
 * mode: cluster
 * cluster:
 *   nameServers: [10.0.0.5:9876, 10.0.0.6:9876]
 *   routeRefresh: 20s
 *   routeExpiry: 5m
 *   brokerTimeout: 60s
 *   maxClientChannels: 10000
 *
 * mode: local
 * cluster:
 *   nameServers: [10.0.0.5:9876, 10.0.0.6:9876]
 *   register: true
 *   registerInterval: 30s
 *   otherBrokers: forward
 * }</pre>
 *
 * @param nameServers {@code host:port} of each NameServer: in cluster mode asked in turn until one answers
 *     (required); in local mode each one the broker registers with (only with {@code register})
 * @param routeRefresh a cached route or cluster view this old is fetched again in the background on its next use
 * @param routeExpiry a cached route or cluster view this old is dropped, so the next use waits for a fresh one
 * @param brokerTimeout the longest the gateway waits for a broker's answer to a forwarded request, long polls
 *     included (a pull or pop may be held by the broker for up to 30 s)
 * @param maxClientChannels the most broker connections the gateway opens for its clients at once: each client
 *     connection gets its own to each broker it uses (brokers know producers and consumers by connection, and
 *     send transaction check-backs on it); a command that would need one more is answered SYSTEM_BUSY
 * @param register local mode only: whether the embedded broker registers with every NameServer at start,
 *     again every {@code registerInterval} and at once when a topic changes, and unregisters when it stops
 * @param registerInterval how often a registered broker registers again; a NameServer drops a broker it has
 *     not heard from for 120 s
 * @param otherBrokers local mode with {@code register} only: whether the node forwards commands for the cluster's
 *     other brokers and lists their queues in its routes, or leaves them out
 */
public record ClusterSettings(List<String> nameServers, Duration routeRefresh, Duration routeExpiry,
        Duration brokerTimeout, int maxClientChannels, boolean register, Duration registerInterval,
        OtherBrokers otherBrokers) {

    public static final Duration DEFAULT_ROUTE_REFRESH = Duration.ofSeconds(20);
    public static final Duration DEFAULT_ROUTE_EXPIRY = Duration.ofMinutes(5);
    public static final Duration DEFAULT_BROKER_TIMEOUT = Duration.ofSeconds(60);
    /** Apache RocketMQ's broker registers every 30 s. */
    public static final Duration DEFAULT_REGISTER_INTERVAL = Duration.ofSeconds(30);
    /** Half a NameServer's 120 s expiry, so one lost registration does not drop the broker. */
    public static final Duration MAX_REGISTER_INTERVAL = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CLIENT_CHANNELS = 10_000;

    public ClusterSettings {
        nameServers = List.copyOf(nameServers);
        Objects.requireNonNull(routeRefresh, "routeRefresh");
        Objects.requireNonNull(routeExpiry, "routeExpiry");
        Objects.requireNonNull(brokerTimeout, "brokerTimeout");
        Objects.requireNonNull(registerInterval, "registerInterval");
        Objects.requireNonNull(otherBrokers, "otherBrokers");
        if (maxClientChannels <= 0) {
            throw new IllegalArgumentException("maxClientChannels must be positive, got " + maxClientChannels);
        }
    }

    /** Cluster-mode settings: a gateway has no broker of its own to register. */
    public ClusterSettings(List<String> nameServers, Duration routeRefresh, Duration routeExpiry,
            Duration brokerTimeout, int maxClientChannels) {
        this(nameServers, routeRefresh, routeExpiry, brokerTimeout, maxClientChannels, false,
                DEFAULT_REGISTER_INTERVAL, OtherBrokers.FORWARD);
    }

    /**
     * No NameServer, no registration (local mode), routes refreshed after 20 s and dropped after 5 min, as
     * Apache's Proxy does, up to 10,000 broker connections for clients.
     */
    public static ClusterSettings defaults() {
        return new ClusterSettings(List.of(), DEFAULT_ROUTE_REFRESH, DEFAULT_ROUTE_EXPIRY, DEFAULT_BROKER_TIMEOUT,
                DEFAULT_MAX_CLIENT_CHANNELS);
    }

    /** These settings with other NameServers. */
    public ClusterSettings withNameServers(List<String> addresses) {
        return new ClusterSettings(addresses, routeRefresh, routeExpiry, brokerTimeout, maxClientChannels, register,
                registerInterval, otherBrokers);
    }

    /** These settings registering the embedded broker with {@code addresses} every {@code interval}. */
    public ClusterSettings registeringWith(List<String> addresses, Duration interval) {
        return new ClusterSettings(addresses, routeRefresh, routeExpiry, brokerTimeout, maxClientChannels, true,
                interval, otherBrokers);
    }

    /** These settings doing {@code choice} with the queues of the cluster's other brokers. */
    public ClusterSettings withOtherBrokers(OtherBrokers choice) {
        return new ClusterSettings(nameServers, routeRefresh, routeExpiry, brokerTimeout, maxClientChannels, register,
                registerInterval, choice);
    }

    /** Whether a Local-mode node serves the cluster's other brokers too: it registers and forwards. */
    public boolean forwardsToOtherBrokers() {
        return register && otherBrokers == OtherBrokers.FORWARD;
    }
}
