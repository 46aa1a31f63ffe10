package dev.wharf.broker.protocol;

import java.util.Set;

/**
 * The answer to LOCK_BATCH_MQ ({@code LockBatchResponseBody}).
 *
 * @param lockOKMQSet the queues the client now owns
 */
public record LockBatchResponse(Set<MessageQueue> lockOKMQSet) {}
