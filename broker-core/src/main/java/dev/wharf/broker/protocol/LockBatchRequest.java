package dev.wharf.broker.protocol;

import java.util.Set;

/**
 * The body of LOCK_BATCH_MQ and UNLOCK_BATCH_MQ ({@code LockBatchRequestBody}, {@code UnlockBatchRequestBody}).
 *
 * @param consumerGroup the orderly consumer's group
 * @param clientId the client asking
 * @param onlyThisBroker whether the client asks only this broker
 * @param mqSet the queues
 */
public record LockBatchRequest(String consumerGroup, String clientId, boolean onlyThisBroker, Set<MessageQueue> mqSet) {

    public LockBatchRequest {
        mqSet = mqSet == null ? Set.of() : Set.copyOf(mqSet);
    }
}
