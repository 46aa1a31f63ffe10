package dev.wharf.broker.protocol;

import java.util.Comparator;

/**
 * RocketMQ's {@code MessageQueue}: one queue of a topic on a broker, as lock, stats and consume-stats
 * bodies name it.
 *
 * @param topic the topic
 * @param brokerName the broker holding the queue
 * @param queueId the queue's number within the topic on that broker
 */
public record MessageQueue(String topic, String brokerName, int queueId) implements Comparable<MessageQueue> {

    private static final Comparator<MessageQueue> ORDER = Comparator.comparing(MessageQueue::topic)
            .thenComparing(MessageQueue::brokerName)
            .thenComparingInt(MessageQueue::queueId);

    @Override
    public int compareTo(MessageQueue other) {
        return ORDER.compare(this, other);
    }
}
