package dev.wharf.broker.processor;

import dev.wharf.broker.group.SubscriptionGroupConfig;
import dev.wharf.broker.message.MessageWriter;
import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.broker.topic.TopicRegistry;
import dev.wharf.message.MessageRecord;
import dev.wharf.store.MessageStore;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CONSUMER_SEND_MSG_BACK (36): a consumer gives a message back that it failed to process. The stored
 * original is re-appended to the group's {@code %RETRY%} topic with one more reconsume and a delay level
 * (the one asked for, or {@code 3 + reconsumeTimes}: 10 s, 30 s, 1 m, …); once it has been reconsumed the
 * maximum number of times, or when the consumer asks for no retry (level below 0), it goes to the group's
 * {@code %DLQ%} topic instead.
 */
public final class SendBackProcessor implements RequestProcessor {

    /** Where RocketMQ's retry backoff starts: level 3 is the first retry's delay (10 s by default). */
    private static final int FIRST_RETRY_LEVEL = 3;

    private final MessageStore store;
    private final TopicRegistry topics;
    private final QueueAccess access;
    private final MessageWriter writer;

    public SendBackProcessor(MessageStore store, TopicRegistry topics, QueueAccess access, MessageWriter writer) {
        this.store = store;
        this.topics = topics;
        this.access = access;
        this.writer = writer;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        HeaderReader header = HeaderReader.of(request);
        long offset = header.requiredLong("offset");
        SubscriptionGroupConfig group = access.group(header.requiredString("group"));
        int delayLevel = header.optionalInt("delayLevel", 0);
        int maxReconsumeTimes = header.optionalInt("maxReconsumeTimes", group.retryMaxTimes());
        StoredMessage original = original(offset);

        String originMessageId = original.property(MessageProperties.ORIGIN_MESSAGE_ID);
        if (originMessageId == null) {
            String fromHeader = header.optionalString("originMsgId");
            originMessageId = fromHeader != null ? fromHeader : original.offsetMessageId();
        }
        String retryTopic = TopicNames.retryTopic(group.groupName());
        MessageRecord.Builder again = original.toRecord().toBuilder()
                .topic(retryTopic)
                .queueId(ThreadLocalRandom.current().nextInt(group.retryQueueNums()))
                .reconsumeTimes(original.reconsumeTimes() + 1)
                .property(MessageProperties.ORIGIN_MESSAGE_ID, originMessageId)
                .property(MessageProperties.DELAY_TIME_LEVEL, null);
        if (original.property(MessageProperties.RETRY_TOPIC) == null) {
            again.property(MessageProperties.RETRY_TOPIC, original.topic());
        }

        MessageRecord message;
        if (original.reconsumeTimes() >= maxReconsumeTimes || delayLevel < 0) {
            message = writer.toDeadLetterQueue(again.build(), group.groupName());
        } else {
            topics.ensure(retryTopic, group.retryQueueNums(), TopicMessageType.NORMAL);
            int level = delayLevel > 0 ? delayLevel : FIRST_RETRY_LEVEL + original.reconsumeTimes();
            message = again.property(MessageProperties.DELAY_TIME_LEVEL, Integer.toString(level)).build();
        }
        return writer.write(message).thenApply(put -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
    }

    private StoredMessage original(long offset) {
        byte[] record = offset < 0 ? null : store.lookup(offset).orElse(null);
        if (record == null) {
            throw new RemotingCommandException(ResponseCode.SYSTEM_ERROR, "look message by offset failed, " + offset);
        }
        try {
            return StoredMessageCodec.decode(ByteBuffer.wrap(record));
        } catch (IllegalArgumentException corrupt) {
            throw new RemotingCommandException(ResponseCode.SYSTEM_ERROR,
                    "the message at offset " + offset + " cannot be decoded: " + corrupt.getMessage());
        }
    }
}
