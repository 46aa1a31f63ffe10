package dev.wharf.broker;

import dev.wharf.broker.pop.PopConfig;
import dev.wharf.broker.timer.TimerConfig;
import dev.wharf.broker.transaction.TransactionConfig;
import dev.wharf.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
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
 * @param topicMessageTypeCheck whether a send whose message type (normal, FIFO, delay, transactional) does
 *     not match its topic's {@code message.type} is refused
 * @param pop how POP consumption revives messages that were not acknowledged in time
 * @param timer how messages with an arbitrary delivery time are held
 * @param transactions how unresolved transactional half messages are checked back
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
        Duration offsetFlushInterval,
        boolean topicMessageTypeCheck,
        PopConfig pop,
        TimerConfig timer,
        TransactionConfig transactions) {

    public BrokerConfig {
        Objects.requireNonNull(brokerName, "brokerName");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(advertisedAddress, "advertisedAddress");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(pools, "pools");
        Objects.requireNonNull(clientExpiry, "clientExpiry");
        Objects.requireNonNull(lockExpiry, "lockExpiry");
        Objects.requireNonNull(offsetFlushInterval, "offsetFlushInterval");
        Objects.requireNonNull(pop, "pop");
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(transactions, "transactions");
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
     * levels, 16 reconsumes, consumers expiring after 120 s, locks after 60 s, offsets flushed every 5 s,
     * message types checked, and the POP, timer and transaction defaults of their settings.
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
                Duration.ofSeconds(5),
                true,
                PopConfig.defaults(),
                TimerConfig.defaults(),
                TransactionConfig.defaults());
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
        return with(b -> {
            b.brokerName = newBrokerName;
            b.clusterName = newClusterName;
        });
    }

    public BrokerConfig withAdvertisedAddress(String hostAndPort) {
        return with(b -> b.advertisedAddress = Optional.of(hostAndPort));
    }

    public BrokerConfig withStore(StoreConfig newStore) {
        return with(b -> b.store = newStore);
    }

    public BrokerConfig withAutoCreateTopics(boolean enabled) {
        return with(b -> b.autoCreateTopics = enabled);
    }

    public BrokerConfig withDefaultQueueNums(int queues) {
        return with(b -> b.defaultQueueNums = queues);
    }

    public BrokerConfig withMaxMessageBytes(int bytes) {
        return with(b -> b.maxMessageBytes = bytes);
    }

    public BrokerConfig withDelayLevels(List<Duration> levels) {
        return with(b -> b.delayLevels = levels);
    }

    public BrokerConfig withMaxReconsumeTimes(int times) {
        return with(b -> b.maxReconsumeTimes = times);
    }

    public BrokerConfig withPools(PoolSizes newPools) {
        return with(b -> b.pools = newPools);
    }

    public BrokerConfig withClientExpiry(Duration expiry) {
        return with(b -> b.clientExpiry = expiry);
    }

    public BrokerConfig withLockExpiry(Duration expiry) {
        return with(b -> b.lockExpiry = expiry);
    }

    public BrokerConfig withOffsetFlushInterval(Duration interval) {
        return with(b -> b.offsetFlushInterval = interval);
    }

    public BrokerConfig withTopicMessageTypeCheck(boolean enabled) {
        return with(b -> b.topicMessageTypeCheck = enabled);
    }

    public BrokerConfig withPop(PopConfig newPop) {
        return with(b -> b.pop = newPop);
    }

    public BrokerConfig withTimer(TimerConfig newTimer) {
        return with(b -> b.timer = newTimer);
    }

    public BrokerConfig withTransactions(TransactionConfig newTransactions) {
        return with(b -> b.transactions = newTransactions);
    }

    /** A copy with one change: every wither goes through here so adding a setting touches one place. */
    private BrokerConfig with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** The mutable twin {@link #with} edits; the record's constructor validates the result. */
    private static final class Copy {
        String brokerName;
        String clusterName;
        Optional<String> advertisedAddress;
        StoreConfig store;
        boolean autoCreateTopics;
        int defaultQueueNums;
        int maxMessageBytes;
        List<Duration> delayLevels;
        int maxReconsumeTimes;
        PoolSizes pools;
        Duration clientExpiry;
        Duration lockExpiry;
        Duration offsetFlushInterval;
        boolean topicMessageTypeCheck;
        PopConfig pop;
        TimerConfig timer;
        TransactionConfig transactions;

        Copy(BrokerConfig from) {
            brokerName = from.brokerName;
            clusterName = from.clusterName;
            advertisedAddress = from.advertisedAddress;
            store = from.store;
            autoCreateTopics = from.autoCreateTopics;
            defaultQueueNums = from.defaultQueueNums;
            maxMessageBytes = from.maxMessageBytes;
            delayLevels = from.delayLevels;
            maxReconsumeTimes = from.maxReconsumeTimes;
            pools = from.pools;
            clientExpiry = from.clientExpiry;
            lockExpiry = from.lockExpiry;
            offsetFlushInterval = from.offsetFlushInterval;
            topicMessageTypeCheck = from.topicMessageTypeCheck;
            pop = from.pop;
            timer = from.timer;
            transactions = from.transactions;
        }

        BrokerConfig build() {
            return new BrokerConfig(brokerName, clusterName, advertisedAddress, store, autoCreateTopics,
                    defaultQueueNums, maxMessageBytes, delayLevels, maxReconsumeTimes, pools, clientExpiry,
                    lockExpiry, offsetFlushInterval, topicMessageTypeCheck, pop, timer, transactions);
        }
    }
}
