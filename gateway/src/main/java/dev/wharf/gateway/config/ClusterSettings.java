package dev.wharf.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the RocketMQ cluster behind a Cluster-mode gateway is, and how long what it says is trusted.
 *
 * <pre>{@code
 * mode: cluster
 * cluster:
 *   nameServers: [10.0.0.5:9876, 10.0.0.6:9876]
 *   routeRefresh: 20s
 *   routeExpiry: 5m
 *   brokerTimeout: 60s
 *   maxClientChannels: 10000
 * }</pre>
 *
 * @param nameServers {@code host:port} of each NameServer, asked in turn until one answers; required in
 *     cluster mode, refused in local mode
 * @param routeRefresh a cached route or cluster view this old is fetched again in the background on its next use
 * @param routeExpiry a cached route or cluster view this old is dropped, so the next use waits for a fresh one
 * @param brokerTimeout the longest the gateway waits for a broker's answer to a forwarded request, long polls
 *     included (a pull or pop may be held by the broker for up to 30 s)
 * @param maxClientChannels the most broker connections the gateway opens for its clients at once: each client
 *     connection gets its own to each broker it uses (brokers know producers and consumers by connection, and
 *     send transaction check-backs on it); a command that would need one more is answered SYSTEM_BUSY
 */
public record ClusterSettings(List<String> nameServers, Duration routeRefresh, Duration routeExpiry,
        Duration brokerTimeout, int maxClientChannels) {

    public static final Duration DEFAULT_ROUTE_REFRESH = Duration.ofSeconds(20);
    public static final Duration DEFAULT_ROUTE_EXPIRY = Duration.ofMinutes(5);
    public static final Duration DEFAULT_BROKER_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CLIENT_CHANNELS = 10_000;

    public ClusterSettings {
        nameServers = List.copyOf(nameServers);
        Objects.requireNonNull(routeRefresh, "routeRefresh");
        Objects.requireNonNull(routeExpiry, "routeExpiry");
        Objects.requireNonNull(brokerTimeout, "brokerTimeout");
        if (maxClientChannels <= 0) {
            throw new IllegalArgumentException("maxClientChannels must be positive, got " + maxClientChannels);
        }
    }

    /**
     * No NameServer (local mode), routes refreshed after 20 s and dropped after 5 min, as Apache's Proxy does,
     * up to 10,000 broker connections for clients.
     */
    public static ClusterSettings defaults() {
        return new ClusterSettings(List.of(), DEFAULT_ROUTE_REFRESH, DEFAULT_ROUTE_EXPIRY, DEFAULT_BROKER_TIMEOUT,
                DEFAULT_MAX_CLIENT_CHANNELS);
    }

    /** These settings with other NameServers. */
    public ClusterSettings withNameServers(List<String> addresses) {
        return new ClusterSettings(addresses, routeRefresh, routeExpiry, brokerTimeout, maxClientChannels);
    }
}
