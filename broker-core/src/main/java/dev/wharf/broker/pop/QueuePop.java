package dev.wharf.broker.pop;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a pop took from one queue.
 *
 * @param realTopic the topic read: the requested one or its pop retry topic
 * @param queueId the queue
 * @param startOffset where the read started (the checkpoint's start offset)
 * @param records the popped records, in queue order
 * @param counts FIFO only: deliveries before this one, per record; null for normal pops
 * @param durable completes once the pop is recorded (its checkpoint written); fails if it could not be
 */
record QueuePop(String realTopic, int queueId, long startOffset, List<RecordSlice> records, int[] counts,
        CompletableFuture<?> durable) {

    boolean isFifo() {
        return counts != null;
    }
}
