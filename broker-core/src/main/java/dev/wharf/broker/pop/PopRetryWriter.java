package dev.wharf.broker.pop;

import dev.wharf.broker.group.SubscriptionGroupConfig;
import dev.wharf.broker.message.MessageWriter;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.message.MessageRecord;
import dev.wharf.store.PutResult;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import java.util.concurrent.CompletableFuture;

/**
 * Where a popped message that was not acknowledged in time goes: the group's pop retry topic
 * {@code %RETRY%<group>_<topic>} with one more reconsume, or — once it was reconsumed
 * {@code retryMaxTimes} times — the group's dead-letter queue.
 */
final class PopRetryWriter {

    private final MessageWriter writer;
    private final TopicRegistry topics;

    PopRetryWriter(MessageWriter writer, TopicRegistry topics) {
        this.writer = writer;
        this.topics = topics;
    }

    /**
     * Appends the message again for another delivery to {@code group}, or to the dead-letter queue.
     *
     * @param originalTopic the topic the group consumes (never a retry topic)
     * @param popTime when the message was popped the first time it was not acknowledged
     */
    CompletableFuture<PutResult> revive(StoredMessage original, SubscriptionGroupConfig group, String originalTopic,
            long popTime) {
        MessageRecord.Builder again = redelivery(original, originalTopic, original.reconsumeTimes() + 1);
        if (original.property(MessageProperties.FIRST_POP_TIME) == null) {
            again.property(MessageProperties.FIRST_POP_TIME, Long.toString(popTime));
        }
        if (original.reconsumeTimes() >= group.retryMaxTimes()) {
            return toDeadLetterQueue(again, original, originalTopic, group.groupName());
        }
        String retryTopic = TopicNames.popRetryTopic(group.groupName(), originalTopic);
        topics.ensure(retryTopic, 1, TopicMessageType.NORMAL);
        return writer.write(again.topic(retryTopic).queueId(0).build());
    }

    /** Appends a FIFO message that was delivered too often to the group's dead-letter queue. */
    CompletableFuture<PutResult> deadLetter(StoredMessage original, String group, String originalTopic,
            int reconsumeTimes) {
        return toDeadLetterQueue(redelivery(original, originalTopic, reconsumeTimes), original, originalTopic, group);
    }

    private CompletableFuture<PutResult> toDeadLetterQueue(MessageRecord.Builder message, StoredMessage original,
            String originalTopic, String group) {
        message.property(MessageProperties.DLQ_ORIGIN_TOPIC, originalTopic)
                .property(MessageProperties.DLQ_ORIGIN_MESSAGE_ID, original.messageId());
        return writer.write(writer.toDeadLetterQueue(message.build(), group));
    }

    private static MessageRecord.Builder redelivery(StoredMessage original, String originalTopic, int reconsumeTimes) {
        String originMessageId = original.property(MessageProperties.ORIGIN_MESSAGE_ID);
        return original.toRecord().toBuilder()
                .reconsumeTimes(reconsumeTimes)
                .property(MessageProperties.RETRY_TOPIC, originalTopic)
                .property(MessageProperties.ORIGIN_MESSAGE_ID,
                        originMessageId != null ? originMessageId : original.offsetMessageId())
                // A redelivery is due now: no delay may hold it again, and no stale receipt may travel with it.
                .property(MessageProperties.POP_CK, null)
                .property(MessageProperties.DELAY_TIME_LEVEL, null)
                .property(MessageProperties.TIMER_DELIVER_MS, null)
                .property(MessageProperties.TIMER_DELAY_SEC, null)
                .property(MessageProperties.TIMER_DELAY_MS, null);
    }
}
