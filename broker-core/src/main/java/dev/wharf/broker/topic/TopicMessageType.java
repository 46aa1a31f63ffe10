package dev.wharf.broker.topic;

import java.util.Locale;

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
}
