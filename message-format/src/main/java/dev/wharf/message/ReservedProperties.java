package dev.wharf.message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The message-property keys RocketMQ keeps for itself. Every protocol shows a client every other property
 * as a user property; these are either shown as fields of their own (tag, keys, message id, message group,
 * trace context, …) or are broker bookkeeping a client must not see or set.
 *
 * <p>RocketMQ's own reserved set, plus the keys its gRPC proxy maps onto system properties but forgets to
 * hide ({@code __SHARDINGKEY}, {@code TRACE_CONTEXT}, the dead-letter origin) and the broker's transaction,
 * batch and timer internals; anything under the transient prefix as well.
 */
public final class ReservedProperties {

    private static final Set<String> KEYS = Set.of(
            MessageProperties.TRACE_SWITCH, MessageProperties.MSG_REGION, MessageProperties.KEYS,
            MessageProperties.TAGS, MessageProperties.WAIT_STORE_MSG_OK, MessageProperties.DELAY_TIME_LEVEL,
            MessageProperties.RETRY_TOPIC, MessageProperties.REAL_TOPIC, MessageProperties.REAL_QUEUE_ID,
            MessageProperties.TRANSACTION_PREPARED, MessageProperties.PRODUCER_GROUP, MessageProperties.MIN_OFFSET,
            MessageProperties.MAX_OFFSET, "BUYER_ID", MessageProperties.ORIGIN_MESSAGE_ID, "TRANSFER_FLAG",
            "CORRECTION_FLAG", "MQ2_FLAG", MessageProperties.RECONSUME_TIME,
            MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, MessageProperties.MAX_RECONSUME_TIMES,
            "CONSUME_START_TIME", MessageProperties.POP_CK, MessageProperties.POP_CK_OFFSET,
            MessageProperties.FIRST_POP_TIME, "TRAN_PREPARED_QUEUE_OFFSET", "DUP_INFO", "EXTEND_UNIQ_INFO",
            MessageProperties.INSTANCE_ID, MessageProperties.CORRELATION_ID, MessageProperties.REPLY_TO_CLIENT,
            MessageProperties.MESSAGE_TTL, MessageProperties.ARRIVE_TIME, "PUSH_REPLY_TIME", MessageProperties.CLUSTER,
            MessageProperties.MESSAGE_TYPE, MessageProperties.INNER_MULTI_QUEUE_OFFSET,
            MessageProperties.TIMER_DELAY_SEC, MessageProperties.TIMER_DELIVER_MS, MessageProperties.TIMER_DELAY_MS,
            MessageProperties.TIMER_ENQUEUE_MS, MessageProperties.TIMER_DEQUEUE_MS, MessageProperties.TIMER_ROLL_TIMES,
            MessageProperties.TIMER_OUT_MS, MessageProperties.TIMER_DEL_UNIQKEY, MessageProperties.TIMER_DELAY_LEVEL,
            MessageProperties.BORN_HOST, MessageProperties.BORN_TIMESTAMP,
            // Mapped onto system properties or broker internals, beyond RocketMQ's own set.
            MessageProperties.SHARDING_KEY, MessageProperties.TRACE_CONTEXT, MessageProperties.DLQ_ORIGIN_TOPIC,
            MessageProperties.DLQ_ORIGIN_MESSAGE_ID, MessageProperties.TRANSACTION_ID,
            MessageProperties.TRANSACTION_CHECK_TIMES, MessageProperties.CHECK_IMMUNITY_TIME_IN_SECONDS,
            MessageProperties.INNER_MULTI_DISPATCH, MessageProperties.INNER_NUM, MessageProperties.INNER_BASE,
            MessageProperties.CRC32, "PROPERTY_FORWARD_QUEUE_ID", "REDIRECT");

    private ReservedProperties() {}

    /** Whether {@code key} belongs to RocketMQ rather than to the application. */
    public static boolean isReserved(String key) {
        return KEYS.contains(key) || key.startsWith(MessageProperties.TRANSIENT_PREFIX);
    }

    /** The application's own properties among {@code properties}, in their order. */
    public static Map<String, String> userProperties(Map<String, String> properties) {
        Map<String, String> user = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (!isReserved(key)) {
                user.put(key, value);
            }
        });
        return user;
    }
}
