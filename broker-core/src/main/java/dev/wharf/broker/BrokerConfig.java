package dev.wharf.broker;

import dev.wharf.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything a {@link Broker} is told: its names, its store, and the messaging rules it applies.
 *
 * <pre>{@code
 * BrokerConfig config = BrokerConfig.defaults(Path.of("data"))
 *         .withAdvertisedAddress("203.0.113.7:8080")
 *         .withDelayLevels(List.of(Duration.ofMillis(100), Duration.ofMillis(200)));
 * }</pre>
 *
 * @param brokerName the broker name routes, message queues and lock bodies carry
 * @param clusterName the cluster routes and cluster info name
 * @param advertisedAddress the {@code host:port} routes send clients to; when empty, the local address of
 *     the connection the route request arrived on
 * @param store where and how messages are stored; metadata goes to {@code <store path>/config/}
 * @param autoCreateTopics whether a send to an unknown topic creates it (and {@code TBW102} exists)
 * @param defaultQueueNums queues of an auto-created topic at most
 * @param maxMessageBytes largest body a send may carry
 * @param delayLevels the delay of each level a {@code DELAY} property names, level 1 first
 * @param maxReconsumeTimes deliveries after which a failing message goes to the dead-letter queue, unless
 *     the request or the group says otherwise
 * @param pools sizes of the business pools
 * @param clientExpiry how long a consumer stays registered without a heartbeat
 * @param lockExpiry how long a queue lock lives without renewal
 * @param offsetFlushInterval how often changed consumer offsets and schedule cursors are written to disk
 */
public record BrokerConfig(
        String brokerName,
        String clusterName,
        Optional<String> advertisedAddress,
        StoreConfig store,
        boolean autoCreateTopics,
        int defaultQueueNums,
        int maxMessageBytes,
        List<Duration> delayLevels,
        int maxReconsumeTimes,
        PoolSizes pools,
        Duration clientExpiry,
        Duration lockExpiry,
        Duration offsetFlushInterval) {

    public BrokerConfig {
        Objects.requireNonNull(brokerName, "brokerName");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(advertisedAddress, "advertisedAddress");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(pools, "pools");
        Objects.requireNonNull(clientExpiry, "clientExpiry");
        Objects.requireNonNull(lockExpiry, "lockExpiry");
        Objects.requireNonNull(offsetFlushInterval, "offsetFlushInterval");
        delayLevels = List.copyOf(delayLevels);
        if (defaultQueueNums < 1) {
            throw new IllegalArgumentException("defaultQueueNums must be at least 1, got " + defaultQueueNums);
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, got " + maxMessageBytes);
        }
        if (maxReconsumeTimes < 0) {
            throw new IllegalArgumentException("maxReconsumeTimes must not be negative, got " + maxReconsumeTimes);
        }
        if (delayLevels.stream().anyMatch(delay -> delay.isNegative() || delay.isZero())) {
            throw new IllegalArgumentException("every delay level must be positive: " + delayLevels);
        }
    }

    /**
     * RocketMQ's defaults over a data directory: broker {@code wharf} in {@code DefaultCluster}, routes to the
     * address each client reached, auto-created topics of up to 4 queues, 4 MiB bodies, the classic 18 delay
     * levels, 16 reconsumes, consumers expiring after 120 s, locks after 60 s, offsets flushed every 5 s.
     */
    public static BrokerConfig defaults(Path dataDir) {
        return new BrokerConfig(
                "wharf",
                "DefaultCluster",
                Optional.empty(),
                StoreConfig.defaults(dataDir),
                true,
                4,
                4 << 20,
                classicDelayLevels(),
                16,
                PoolSizes.defaults(),
                Duration.ofSeconds(120),
                Duration.ofSeconds(60),
                Duration.ofSeconds(5));
    }

    /** {@code 1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h}, as in Apache RocketMQ. */
    public static List<Duration> classicDelayLevels() {
        Stream<Duration> seconds = Stream.of(1, 5, 10, 30).map(Duration::ofSeconds);
        Stream<Duration> minutes = Stream.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30).map(Duration::ofMinutes);
        Stream<Duration> hours = Stream.of(1, 2).map(Duration::ofHours);
        return Stream.of(seconds, minutes, hours).flatMap(levels -> levels).toList();
    }

    /** Where topics, groups, offsets and schedule cursors are kept. */
    public Path metadataDir() {
        return store.path().resolve("config");
    }

    public BrokerConfig withNames(String newBrokerName, String newClusterName) {
        return new BrokerConfig(newBrokerName, newClusterName, advertisedAddress, store, autoCreateTopics,
                defaultQueueNums, maxMessageBytes, delayLevels, maxReconsumeTimes, pools, clientExpiry, lockExpiry,
                offsetFlushInterval);
    }

    public BrokerConfig withAdvertisedAddress(String hostAndPort) {
        return new BrokerConfig(brokerName, clusterName, Optional.of(hostAndPort), store, autoCreateTopics,
                defaultQueueNums, maxMessageBytes, delayLevels, maxReconsumeTimes, pools, clientExpiry, lockExpiry,
                offsetFlushInterval);
    }

    public BrokerConfig withStore(StoreConfig newStore) {
        return new BrokerConfig(brokerName, clusterName, advertisedAddress, newStore, autoCreateTopics,
                defaultQueueNums, maxMessageBytes, delayLevels, maxReconsumeTimes, pools, clientExpiry, lockExpiry,
                offsetFlushInterval);
    }

    public BrokerConfig withAutoCreateTopics(boolean enabled) {
        return new BrokerConfig(brokerName, clusterName, advertisedAddress, store, enabled,
                defaultQueueNums, maxMessageBytes, delayLevels, maxReconsumeTimes, pools, clientExpiry, lockExpiry,
                offsetFlushInterval);
    }

    public BrokerConfig withDefaultQueueNums(int queues) {
        return new BrokerConfig(brokerName, clusterName, advertisedAddress, store, autoCreateTopics,
                queues, maxMessageBytes, delayLevels, maxReconsumeTimes, pools, clientExpiry, lockExpiry,
                offsetFlushInterval);
    }

    public BrokerConfig withMaxMessageBytes(int bytes) {
        return new BrokerConfig(brokerName, clusterName, advertisedAddress, store, autoCreateTopics,
                defaultQueueNums, bytes, delayLevels, maxReconsumeTimes, pools, clientExpiry, lockExpiry,
                offsetFlushInterval);
    }

    public BrokerConfig withDelayLevels(List<Duration> levels) {
        return new BrokerConfig(brokerName, clusterName, advertisedAddress, store, autoCreateTopics,
                defaultQueueNums, maxMessageBytes, levels, maxReconsumeTimes, pools, clientExpiry, lockExpiry,
                offsetFlushInterval);
    }

    public BrokerConfig withMaxReconsumeTimes(int times) {
        return new BrokerConfig(brokerName, clusterName, advertisedAddress, store, autoCreateTopics,
                defaultQueueNums, maxMessageBytes, delayLevels, times, pools, clientExpiry, lockExpiry,
                offsetFlushInterval);
    }

    public BrokerConfig withPools(PoolSizes newPools) {
        return new BrokerConfig(brokerName, clusterName, advertisedAddress, store, autoCreateTopics,
                defaultQueueNums, maxMessageBytes, delayLevels, maxReconsumeTimes, newPools, clientExpiry, lockExpiry,
                offsetFlushInterval);
    }

    public BrokerConfig withClientExpiry(Duration expiry) {
        return new BrokerConfig(brokerName, clusterName, advertisedAddress, store, autoCreateTopics,
                defaultQueueNums, maxMessageBytes, delayLevels, maxReconsumeTimes, pools, expiry, lockExpiry,
                offsetFlushInterval);
    }

    public BrokerConfig withLockExpiry(Duration expiry) {
        return new BrokerConfig(brokerName, clusterName, advertisedAddress, store, autoCreateTopics,
                defaultQueueNums, maxMessageBytes, delayLevels, maxReconsumeTimes, pools, clientExpiry, expiry,
                offsetFlushInterval);
    }

    public BrokerConfig withOffsetFlushInterval(Duration interval) {
        return new BrokerConfig(brokerName, clusterName, advertisedAddress, store, autoCreateTopics,
                defaultQueueNums, maxMessageBytes, delayLevels, maxReconsumeTimes, pools, clientExpiry, lockExpiry,
                interval);
    }
}
