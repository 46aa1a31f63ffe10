package dev.wharf.messaging.admin;

import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import java.util.Locale;

/**
 * The message types a topic can be created with, as RocketMQ 5.x names them in the topic's
 * {@code message.type} attribute. The broker core has its own copy; this module cannot import it.
 */
public enum TopicType {
    NORMAL,
    FIFO,
    DELAY,
    TRANSACTION;

    /** The type named {@code name}, in any case; BAD_REQUEST naming the choices otherwise. */
    public static TopicType parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException unknown) {
            throw new MessagingException(ErrorCode.BAD_REQUEST,
                    "unknown message type '" + name + "', expected NORMAL, FIFO, DELAY or TRANSACTION");
        }
    }
}
