package dev.wharf.compat.support;

import org.apache.rocketmq.common.message.MessageExt;

/**
 * One message as a consumer received it.
 *
 * @param msgId the client-generated unique id ({@code UNIQ_KEY}), the same on every redelivery
 * @param topic the topic as the client reports it (the original topic for retried messages)
 * @param payload tag, keys, body
 * @param queueId the queue it was read from
 * @param queueOffset its offset in that queue
 * @param reconsumeTimes how many times it was delivered before
 * @param storeTimestamp when the server stored it in the queue (a delayed message: when it fell due there)
 */
public record Delivery(String msgId, String topic, Payload payload, int queueId, long queueOffset, int reconsumeTimes,
        long storeTimestamp) {

    public static Delivery of(MessageExt message) {
        return new Delivery(message.getMsgId(), message.getTopic(), Payload.of(message), message.getQueueId(),
                message.getQueueOffset(), message.getReconsumeTimes(), message.getStoreTimestamp());
    }
}
