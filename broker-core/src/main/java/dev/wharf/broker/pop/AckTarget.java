package dev.wharf.broker.pop;

import dev.wharf.broker.topic.TopicConfig;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.store.MessageStore;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.ResponseCode;

/**
 * The checks ACK_MESSAGE, BATCH_ACK_MESSAGE and CHANGE_MESSAGE_INVISIBLETIME start with, answered with
 * RocketMQ's codes: the real topic exists ({@link ResponseCode#TOPIC_NOT_EXIST}), the queue is one of its
 * read queues ({@link ResponseCode#MESSAGE_ILLEGAL}), the offset lies in the queue
 * ({@link ResponseCode#NO_MESSAGE}).
 */
final class AckTarget {

    private final TopicRegistry topics;
    private final MessageStore store;

    AckTarget(TopicRegistry topics, MessageStore store) {
        this.topics = topics;
        this.store = store;
    }

    /** Checks that {@code offset} of {@code realTopic}/{@code queueId} can be acknowledged. */
    void check(String realTopic, int queueId, long offset) {
        TopicConfig topic = topics.get(realTopic).orElseThrow(() -> new RemotingCommandException(
                ResponseCode.TOPIC_NOT_EXIST, "topic[" + realTopic + "] not exist, apply first please!"));
        if (queueId < 0 || queueId >= topic.readQueueNums()) {
            throw new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL, "queueId[" + queueId
                    + "] is illegal, topic:[" + realTopic + "] topicConfig.readQueueNums:[" + topic.readQueueNums() + "]");
        }
        long min = store.minOffset(realTopic, queueId);
        long max = store.maxOffset(realTopic, queueId);
        if (offset < min || offset > max) {
            throw new RemotingCommandException(ResponseCode.NO_MESSAGE, "offset is illegal, " + realTopic + "@"
                    + queueId + " offset " + offset + " is outside the stored " + min + "~" + max);
        }
    }
}
