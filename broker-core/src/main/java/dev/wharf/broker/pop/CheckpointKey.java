package dev.wharf.broker.pop;

/**
 * What names a checkpoint: the queue it was popped from, where the batch started, when, and by which
 * broker — the same fields RocketMQ merges checkpoints and acks by.
 *
 * @param topic the real topic read (an original topic or a pop retry topic)
 * @param group the popping group
 * @param queueId the queue
 * @param startOffset the first queue offset of the batch
 * @param popTime broker time of the pop
 * @param brokerName the broker that popped
 */
public record CheckpointKey(String topic, String group, int queueId, long startOffset, long popTime, String brokerName) {

    /**
     * The unique key of a revive record, as RocketMQ builds it: {@code topic@queueId@offset@group@popTime@
     * brokerName@kind}, the offset being the start offset for a checkpoint and the acked one for an ack.
     */
    String uniqueKey(long offset, String kind) {
        return topic + "@" + queueId + "@" + offset + "@" + group + "@" + popTime + "@" + brokerName + "@" + kind;
    }
}
