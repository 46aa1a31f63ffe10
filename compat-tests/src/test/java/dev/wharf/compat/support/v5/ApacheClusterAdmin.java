package dev.wharf.compat.support.v5;

import dev.wharf.compat.support.ApacheRocketMqCluster;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Waits;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.header.UpdateConsumerOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;

/**
 * Administration of a RocketMQ cluster straight at its NameServer and brokers (Apache RocketMQ's, or Wharf brokers
 * registered with a NameServer: they answer the same admin requests), with the official 5.x Remoting client (in a
 * package compat-tests-v4 leaves out, since 4.x names these classes differently): topics of a message type and
 * groups on every broker, and how many messages each broker stored. Tests use it to set up what a gateway in front
 * of the cluster then serves, and to check that messages really reached each broker.
 *
 * <pre>{@code
 * try (ApacheClusterAdmin admin = ApacheClusterAdmin.of(cluster)) {
 *     admin.createTopic("orders", "FIFO", 4);
 *     admin.storedMessages("orders");   // {broker-a=12, broker-b=12}
 * }
 * }</pre>
 */
public final class ApacheClusterAdmin implements AutoCloseable {

    private static final long TIMEOUT_MILLIS = 5_000;
    /** RocketMQ's read and write permission bits. */
    private static final int PERM_READ_WRITE = 6;

    /** Broker name to {@code host:port}. */
    private final Map<String, String> brokers;
    private final DefaultMQProducer client;

    private ApacheClusterAdmin(Map<String, String> brokers, DefaultMQProducer client) {
        this.brokers = Map.copyOf(brokers);
        this.client = client;
    }

    /** Starts the admin client once every broker of {@code cluster} registered with its NameServer. */
    public static ApacheClusterAdmin of(ApacheRocketMqCluster cluster) throws Exception {
        return of(cluster.nameServerAddress(), cluster.brokerAddresses());
    }

    /**
     * Starts the admin client of the cluster whose NameServer is {@code nameServerAddress}, once every broker of
     * {@code brokers} (name to {@code host:port}) registered with it.
     */
    public static ApacheClusterAdmin of(String nameServerAddress, Map<String, String> brokers) throws Exception {
        DefaultMQProducer client = new DefaultMQProducer(Names.unique("PID_admin"));
        client.setNamesrvAddr(nameServerAddress);
        client.setInstanceName(Names.unique("admin"));
        client.start();
        ApacheClusterAdmin admin = new ApacheClusterAdmin(brokers, client);
        try {
            Waits.atMostBound("every broker registered with the NameServer").ignoreExceptions().until(
                    () -> admin.brokersOf("TBW102").equals(brokers.keySet()));
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        return admin;
    }

    /**
     * Creates {@code topic} with {@code queues} queues on every broker, of message type {@code messageType}
     * (NORMAL, FIFO, DELAY, TRANSACTION or MIXED), and waits until the NameServer's route names every broker.
     */
    public void createTopic(String topic, String messageType, int queues) throws Exception {
        TopicConfig config = new TopicConfig(topic, queues, queues, PERM_READ_WRITE);
        config.setAttributes(Map.of("+message.type", messageType));
        for (String broker : brokers.values()) {
            api().createTopic(broker, "TBW102", config, TIMEOUT_MILLIS);
        }
        awaitRouteOnEveryBroker(topic);
    }

    /** Waits until the NameServer's route of {@code topic} names every broker of the cluster. */
    public void awaitRouteOnEveryBroker(String topic) {
        Waits.atMostBound("the route of " + topic + " names every broker").ignoreExceptions().until(
                () -> brokersOf(topic).equals(brokers.keySet()));
    }

    /** Creates consumer group {@code group} on every broker; an orderly one is what FIFO consumption needs. */
    public void createGroup(String group, boolean orderly) throws Exception {
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName(group);
        config.setConsumeMessageOrderly(orderly);
        for (String broker : brokers.values()) {
            api().createSubscriptionGroup(broker, config, TIMEOUT_MILLIS);
        }
    }

    /**
     * Commits offset 0 for {@code group} in every queue of {@code topic} on every broker, so that it receives
     * the messages sent before its first receive (a POP of a group new to a queue starts at its end).
     */
    public void consumeFromStart(String group, String topic) throws Exception {
        for (MessageQueue queue : client.fetchPublishMessageQueues(topic)) {
            UpdateConsumerOffsetRequestHeader header = new UpdateConsumerOffsetRequestHeader();
            header.setConsumerGroup(group);
            header.setTopic(topic);
            header.setQueueId(queue.getQueueId());
            header.setCommitOffset(0L);
            // A Wharf broker of a cluster serves other brokers' queues too, so it wants to know which one is meant.
            header.setBrokerName(queue.getBrokerName());
            api().updateConsumerOffset(brokers.get(queue.getBrokerName()), header, TIMEOUT_MILLIS);
        }
    }

    /** Broker name to the number of messages stored in {@code topic}'s queues there (the sum of their ends). */
    public Map<String, Long> storedMessages(String topic) throws Exception {
        Map<String, Long> stored = new HashMap<>();
        for (MessageQueue queue : client.fetchPublishMessageQueues(topic)) {
            String address = brokers.get(queue.getBrokerName());
            stored.merge(queue.getBrokerName(), api().getMaxOffset(address, queue, TIMEOUT_MILLIS), Long::sum);
        }
        return stored;
    }

    private Set<String> brokersOf(String topic) throws Exception {
        List<MessageQueue> queues = client.fetchPublishMessageQueues(topic);
        return queues.stream().map(MessageQueue::getBrokerName).collect(Collectors.toSet());
    }

    private MQClientAPIImpl api() {
        return client.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
