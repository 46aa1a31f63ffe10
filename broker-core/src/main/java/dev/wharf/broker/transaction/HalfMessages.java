package dev.wharf.broker.transaction;

import dev.wharf.broker.topic.TopicNames;
import dev.wharf.message.MessageRecord;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.MessageSysFlag;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The shapes a transactional message takes: the half message parked in {@code RMQ_SYS_TRANS_HALF_TOPIC}
 * queue 0 with its real topic and queue in properties, the committed message re-put to its real queue,
 * and the copy of the half a check-back carries.
 *
 * <pre>{@code
 * MessageRecord half = HalfMessages.toHalf(sent);            // stored while the producer decides
 * MessageRecord delivered = HalfMessages.committed(stored);   // appended on commit
 * }</pre>
 */
public final class HalfMessages {

    private HalfMessages() {}

    /** Whether a sent message is a transactional half message: a PREPARED sys flag or {@code TRAN_MSG=true}. */
    public static boolean isHalf(int sysFlag, Map<String, String> properties) {
        return MessageSysFlag.transactionType(sysFlag) == MessageSysFlag.TRANSACTION_PREPARED_TYPE
                || Boolean.parseBoolean(properties.get(MessageProperties.TRANSACTION_PREPARED));
    }

    /**
     * The half message to store for a sent one: queue 0 of the half topic, the real topic and queue kept in
     * {@code REAL_TOPIC}/{@code REAL_QID}, {@code __transactionId__} set to the client's {@code UNIQ_KEY}, and
     * the transaction bits of the sys flag cleared.
     *
     * @throws RemotingCommandException MESSAGE_ILLEGAL when it names no producer group ({@code PGROUP}):
     *     nobody could be asked about it
     */
    public static MessageRecord toHalf(MessageRecord message) {
        String group = message.properties().get(MessageProperties.PRODUCER_GROUP);
        if (group == null || group.isBlank()) {
            throw new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL,
                    "the transactional message to topic " + message.topic() + " names no producer group (PGROUP)");
        }
        MessageRecord.Builder half = message.toBuilder()
                .topic(TopicNames.TRANS_HALF_TOPIC)
                .queueId(0)
                .property(MessageProperties.REAL_TOPIC, message.topic())
                .property(MessageProperties.REAL_QUEUE_ID, Integer.toString(message.queueId()))
                .sysFlag(MessageSysFlag.withTransactionType(message.sysFlag(), MessageSysFlag.TRANSACTION_NOT_TYPE));
        String uniqueKey = message.properties().get(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        if (uniqueKey != null) {
            half.property(MessageProperties.TRANSACTION_ID, uniqueKey);
        }
        return half.build();
    }

    /** The producer group a half message belongs to, or null. */
    public static String producerGroup(StoredMessage half) {
        return half.property(MessageProperties.PRODUCER_GROUP);
    }

    /** The half's real topic, or null when it names none. */
    public static String realTopic(StoredMessage half) {
        return half.property(MessageProperties.REAL_TOPIC);
    }

    /** The half's real queue, or -1 when it names none. */
    public static int realQueueId(StoredMessage half) {
        try {
            return Integer.parseInt(half.property(MessageProperties.REAL_QUEUE_ID));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The message a commit delivers: back on its real topic and queue, COMMIT transaction type, and the half's
     * commit-log offset as prepared-transaction offset. A {@code DELAY} level or delivery time it carries
     * still applies, since it is written through the broker's message writer.
     */
    public static MessageRecord committed(StoredMessage half) {
        return half.toRecord().toBuilder()
                .topic(realTopic(half))
                .queueId(realQueueId(half))
                .property(MessageProperties.REAL_TOPIC, null)
                .property(MessageProperties.REAL_QUEUE_ID, null)
                .sysFlag(MessageSysFlag.withTransactionType(half.sysFlag(), MessageSysFlag.TRANSACTION_COMMIT_TYPE))
                .preparedTransactionOffset(half.commitLogOffset())
                .build();
    }

    /**
     * The body of a CHECK_TRANSACTION_STATE: the half as a stored record (same offsets, hosts and store time)
     * with its real topic and queue restored, as the client decodes it.
     */
    public static byte[] checkBody(StoredMessage half) {
        MessageRecord restored = half.toRecord().toBuilder()
                .topic(realTopic(half))
                .queueId(realQueueId(half))
                .build();
        byte[] record = StoredMessageCodec.encode(restored, half.storeHost());
        StoredMessageCodec.stamp(ByteBuffer.wrap(record), 0, half.queueOffset(), half.commitLogOffset(),
                half.storeTimestamp());
        return record;
    }
}
