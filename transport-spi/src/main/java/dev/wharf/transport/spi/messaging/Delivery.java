package dev.wharf.transport.spi.messaging;

import java.util.List;
import java.util.Map;

/**
 * One message delivered to a consumer, in the terms every protocol shows: RocketMQ's own properties as
 * fields, the application's as {@code userProperties}, the body inflated where it can be.
 *
 * <pre>{@code
 * messaging.receive(context, request).thenAccept(deliveries -> {
 *     for (Delivery delivery : deliveries) {
 *         client.push(delivery.topic(), delivery.userProperties(), delivery.body());
 *         // later, when the client confirms:
 *         messaging.ack(context, request.group(), delivery.topic(), delivery.receiptHandle());
 *     }
 * });
 * }</pre>
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
 * @param receiptHandle what the consumer acks, nacks or changes the invisible time with; null for a message
 *     {@link MessagingService#read read} rather than received
 */
public record Delivery(String topic, String messageId, String tag, List<String> keys,
        Map<String, String> userProperties, byte[] body, boolean compressed, String messageGroup, long bornTimestamp,
        Long deliverAtMillis, int queueId, long queueOffset, int deliveryAttempt, String receiptHandle) {}
