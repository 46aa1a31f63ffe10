package dev.wharf.gateway.config;

import dev.wharf.broker.BrokerConfig;
import dev.wharf.broker.pop.PopConfig;
import dev.wharf.broker.timer.TimerConfig;
import dev.wharf.broker.transaction.TransactionConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the embedded broker is called and the messaging rules it applies.
 *
 * <pre>{@code
 * broker:
 *   brokerName: wharf
 *   clusterName: DefaultCluster
 *   advertisedAddress: 203.0.113.7:8080
 *   autoCreateTopics: true
 *   defaultQueueNums: 4
 *   maxMessageSize: 4MiB
 *   delayLevels: 1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h
 *   maxReconsumeTimes: 16
 *   topicMessageTypeCheck: true
 *   pop:
 *     reviveInterval: 1s
 *     reviveReadBackoff: [10s, 20s, 30s, 1m, 2m, 3m, 4m, 5m, 6m, 7m, 8m, 9m, 10m, 20m, 30m, 1h, 2h]
 *   timer:
 *     maxDelay: 3d
 *   transactions:
 *     checkInterval: 30s
 *     timeout: 6s
 *     maxChecks: 15
 *     onMaxChecks: rollback
 * }</pre>
 *
 * @param brokerName the broker name routes and message ids carry
 * @param clusterName the cluster name routes and cluster info carry
 * @param advertisedAddress the {@code host:port} routes send clients to; when empty, the address each
 *     client reached the gateway on
 * @param autoCreateTopics whether a send to an unknown topic creates it
 * @param defaultQueueNums queues of an auto-created topic
 * @param maxMessageSize largest message body accepted, in bytes
 * @param delayLevels the delay of each level a message's {@code DELAY} property names, level 1 first
 * @param maxReconsumeTimes deliveries after which a message that keeps failing goes to the dead-letter queue
 * @param topicMessageTypeCheck whether a message whose type does not match its topic's is refused
 * @param pop how unacknowledged POP deliveries come back
 * @param timer how messages with a delivery time are held
 * @param transactions how unresolved transactional messages are checked back
 */
public record BrokerSettings(
        String brokerName,
        String clusterName,
        Optional<String> advertisedAddress,
        boolean autoCreateTopics,
        int defaultQueueNums,
        int maxMessageSize,
        List<Duration> delayLevels,
        int maxReconsumeTimes,
        boolean topicMessageTypeCheck,
        PopConfig pop,
        TimerConfig timer,
        TransactionConfig transactions) {

    /** The frame cap of the Remoting protocol; a larger message could never arrive. */
    public static final int MAX_MESSAGE_SIZE_LIMIT = 16 << 20;

    public BrokerSettings {
        Objects.requireNonNull(brokerName, "brokerName");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(advertisedAddress, "advertisedAddress");
        Objects.requireNonNull(pop, "pop");
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(transactions, "transactions");
        delayLevels = List.copyOf(delayLevels);
    }

    /**
     * The embedded broker's own defaults: broker {@code wharf} in {@code DefaultCluster}, auto-creation on,
     * 4 queues, 4 MiB messages, RocketMQ's 18 classic delay levels ({@code 1s} … {@code 2h}), 16 reconsumes,
     * message types checked, and the broker's POP, timer and transaction defaults.
     */
    public static BrokerSettings defaults() {
        BrokerConfig broker = BrokerConfig.defaults(StoreSettings.DEFAULT_PATH);
        return new BrokerSettings(
                broker.brokerName(),
                broker.clusterName(),
                broker.advertisedAddress(),
                broker.autoCreateTopics(),
                broker.defaultQueueNums(),
                broker.maxMessageBytes(),
                broker.delayLevels(),
                broker.maxReconsumeTimes(),
                broker.topicMessageTypeCheck(),
                broker.pop(),
                broker.timer(),
                broker.transactions());
    }
}
