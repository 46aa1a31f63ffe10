package dev.wharf.messaging;

import dev.wharf.message.MessageProperties;
import dev.wharf.message.ReservedProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.messaging.PopAnswer.Popped;
import dev.wharf.transport.spi.messaging.Delivery;
import java.util.ArrayList;
import java.util.List;

/** Reads a {@link Delivery}, and the parts of it other protocols show, out of a stored message. */
public final class Deliveries {

    private Deliveries() {}

    /** The delivery of a popped message. */
    public static Delivery of(Popped popped) {
        return of(popped.message(), popped.deliveryAttempt(), popped.handle().encode());
    }

    /** A message read by offset, outside any consumer group: a first delivery without a receipt handle. */
    static Delivery read(StoredMessage stored) {
        return of(stored, 1, null);
    }

    private static Delivery of(StoredMessage stored, int deliveryAttempt, String receiptHandle) {
        DeliveredBody body = DeliveredBody.of(stored.body(), stored.sysFlag());
        return new Delivery(stored.topic(), stored.messageId(), stored.tags(), keys(stored),
                ReservedProperties.userProperties(stored.properties()), body.bytes(), body.compressed(),
                stored.property(MessageProperties.SHARDING_KEY), stored.bornTimestamp(), deliveryTime(stored),
                stored.queueId(), stored.queueOffset(), deliveryAttempt, receiptHandle);
    }

    /** The space-separated KEYS property as a list. */
    public static List<String> keys(StoredMessage stored) {
        String keys = stored.property(MessageProperties.KEYS);
        List<String> list = new ArrayList<>();
        if (keys != null) {
            for (String key : keys.split(" ")) {
                if (!key.isBlank()) {
                    list.add(key);
                }
            }
        }
        return list;
    }

    /**
     * When a timer message was due: {@code TIMER_DELIVER_MS}, or a relative delay counted from the born
     * time (Apache RocketMQ's proxy counts it from the moment it converts, which moves with every delivery);
     * null for other messages or an unreadable value.
     */
    public static Long deliveryTime(StoredMessage stored) {
        try {
            String absolute = stored.property(MessageProperties.TIMER_DELIVER_MS);
            if (absolute != null) {
                return Long.parseLong(absolute.trim());
            }
            String seconds = stored.property(MessageProperties.TIMER_DELAY_SEC);
            if (seconds != null) {
                return stored.bornTimestamp() + Long.parseLong(seconds.trim()) * 1000;
            }
            String millis = stored.property(MessageProperties.TIMER_DELAY_MS);
            if (millis != null) {
                return stored.bornTimestamp() + Long.parseLong(millis.trim());
            }
        } catch (NumberFormatException unreadable) {
            return null;
        }
        return null;
    }
}
