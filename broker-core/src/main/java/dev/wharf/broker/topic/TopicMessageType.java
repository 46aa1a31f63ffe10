package dev.wharf.broker.topic;

import dev.wharf.message.MessageProperties;
import dev.wharf.message.MessageSysFlag;
import java.util.Locale;
import java.util.Map;

/**
 * What kind of messages a topic carries, kept in the topic's {@code message.type} attribute as RocketMQ
 * 5.x does. gRPC clients refuse a topic whose type does not match the messages they send.
 */
public enum TopicMessageType {
    NORMAL,
    FIFO,
    DELAY,
    TRANSACTION;

    /** The attribute key RocketMQ keeps the type under. */
    public static final String ATTRIBUTE = "message.type";

    /**
     * Parses an attribute value, ignoring case.
     *
     * @throws IllegalArgumentException naming the value when it is none of the four
     */
    public static TopicMessageType parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown message type '" + value + "', expected NORMAL, FIFO, DELAY or TRANSACTION", e);
        }
    }

    /**
     * The type of one message, as Apache RocketMQ classifies it: transactional when prepared, delayed when
     * it has a delay level or a timer property, FIFO when it has a message group, normal otherwise.
     */
    public static TopicMessageType ofMessage(Map<String, String> properties, int sysFlag) {
        if (MessageSysFlag.transactionType(sysFlag) == MessageSysFlag.TRANSACTION_PREPARED_TYPE
                || Boolean.parseBoolean(properties.get(MessageProperties.TRANSACTION_PREPARED))) {
            return TRANSACTION;
        }
        if (properties.containsKey(MessageProperties.DELAY_TIME_LEVEL)
                || properties.containsKey(MessageProperties.TIMER_DELIVER_MS)
                || properties.containsKey(MessageProperties.TIMER_DELAY_SEC)
                || properties.containsKey(MessageProperties.TIMER_DELAY_MS)) {
            return DELAY;
        }
        return properties.containsKey(MessageProperties.SHARDING_KEY) ? FIFO : NORMAL;
    }

    /**
     * Whether a topic of this type takes a message of {@code messageType}. Each type takes its own; a FIFO
     * topic also takes normal messages, which Remoting producers order by the queue they choose.
     */
    public boolean accepts(TopicMessageType messageType) {
        return this == messageType || (this == FIFO && messageType == NORMAL);
    }
}
