package dev.wharf.broker.processor;

import dev.wharf.broker.group.SubscriptionGroupConfig;
import dev.wharf.broker.group.SubscriptionGroupRegistry;
import dev.wharf.broker.topic.TopicConfig;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.ResponseCode;

/**
 * The checks every consumer-side request starts with, answered with the codes clients expect: the topic
 * exists ({@link ResponseCode#TOPIC_NOT_EXIST}), the queue is one of it
 * ({@link ResponseCode#INVALID_PARAMETER}), it may be read ({@link ResponseCode#NO_PERMISSION}); a group a
 * client names is legal and exists from then on.
 */
public final class QueueAccess {

    private final TopicRegistry topics;
    private final SubscriptionGroupRegistry groups;

    public QueueAccess(TopicRegistry topics, SubscriptionGroupRegistry groups) {
        this.topics = topics;
        this.groups = groups;
    }

    public TopicConfig topic(String name) {
        return topics.get(name).orElseThrow(() -> new RemotingCommandException(
                ResponseCode.TOPIC_NOT_EXIST, "topic[" + name + "] not exist, apply first please!"));
    }

    /** The topic, when {@code queueId} is one of its queues. */
    public TopicConfig queue(String topicName, int queueId) {
        TopicConfig topic = topic(topicName);
        requireQueue(topic, queueId, topic.queueIdLimit());
        return topic;
    }

    /** The topic, when it may be read and {@code queueId} is one of its read queues. */
    public TopicConfig readableQueue(String topicName, int queueId) {
        TopicConfig topic = topic(topicName);
        if (!topic.isReadable()) {
            throw new RemotingCommandException(ResponseCode.NO_PERMISSION,
                    "the topic " + topicName + " is not readable (perm " + topic.perm() + ")");
        }
        requireQueue(topic, queueId, topic.readQueueNums());
        return topic;
    }

    /** The group a client names, created with the defaults on first use. */
    public SubscriptionGroupConfig group(String name) {
        TopicNames.groupProblem(name).ifPresent(problem -> {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, problem);
        });
        return groups.ensure(name);
    }

    private static void requireQueue(TopicConfig topic, int queueId, int limit) {
        if (queueId < 0 || queueId >= limit) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, "queueId " + queueId
                    + " is out of range for topic " + topic.topicName() + " (0.." + (limit - 1) + ")");
        }
    }
}
