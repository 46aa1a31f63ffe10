package dev.wharf.messaging;

import dev.wharf.message.MessageProperties;
import dev.wharf.message.ReservedProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.messaging.PopAnswer.Popped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One message delivered to a consumer, in the terms every protocol shows: RocketMQ's own properties as
 * fields, the application's as {@code userProperties}, the body inflated where it can be.
 *
 * @param topic the topic the consumer asked for
 * @param messageId the message's id (the producer's unique id)
 * @param tag the tag; null for none
 * @param keys the keys
 * @param userProperties the application's properties
 * @param body the body, inflated unless {@code compressed}
 * @param compressed whether {@code body} is still compressed (LZ4 or ZSTD, which the gateway cannot inflate)
 * @param messageGroup the FIFO message group; null for none
 * @param bornTimestamp when the producer made it (ms)
 * @param deliverAtMillis when a delay message was due; null for others
 * @param queueId the queue it was stored in
 * @param queueOffset its offset there
 * @param deliveryAttempt which delivery this is, from 1
 * @param receiptHandle what the consumer acks, nacks or changes the invisible time with
 */
public record Delivery(String topic, String messageId, String tag, List<String> keys,
        Map<String, String> userProperties, byte[] body, boolean compressed, String messageGroup, long bornTimestamp,
        Long deliverAtMillis, int queueId, long queueOffset, int deliveryAttempt, String receiptHandle) {

    /** The delivery of a popped message. */
    public static Delivery of(Popped popped) {
        StoredMessage stored = popped.message();
        DeliveredBody body = DeliveredBody.of(stored.body(), stored.sysFlag());
        return new Delivery(stored.topic(), stored.messageId(), stored.tags(), keys(stored),
                ReservedProperties.userProperties(stored.properties()), body.bytes(), body.compressed(),
                stored.property(MessageProperties.SHARDING_KEY), stored.bornTimestamp(), deliveryTime(stored),
                stored.queueId(), stored.queueOffset(), popped.deliveryAttempt(), popped.handle().encode());
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
