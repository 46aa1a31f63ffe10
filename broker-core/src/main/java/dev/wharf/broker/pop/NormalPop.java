package dev.wharf.broker.pop;

import dev.wharf.broker.pop.PopOffsets.QueueKey;
import dev.wharf.store.GetResult;
import dev.wharf.store.MessageStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pops one queue for a normal (not FIFO) consumer: reads from the group's pop offset, writes a checkpoint
 * for what it read and moves the pop offset past it at once. Should the checkpoint not be written, the
 * offset moves back so the batch is popped again; nothing is lost.
 */
final class NormalPop {

    private final MessageStore store;
    private final PopOffsets offsets;
    private final CheckpointStore checkpoints;
    private final PopQueueLocks locks;
    private final String brokerName;

    NormalPop(MessageStore store, PopOffsets offsets, CheckpointStore checkpoints, PopQueueLocks locks,
            String brokerName) {
        this.store = store;
        this.offsets = offsets;
        this.checkpoints = checkpoints;
        this.locks = locks;
        this.brokerName = brokerName;
    }

    /** Pops up to {@code max} messages of {@code topic}/{@code queueId}; empty when none (or the queue is busy). */
    Optional<QueuePop> pop(PopContext pop, String topic, int queueId, int max, boolean retryTopic) {
        String group = pop.groupName();
        ReentrantLock lock = locks.of(new QueueKey(topic, group, queueId));
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        try {
            int initMode = retryTopic ? PopOffsets.INIT_MIN : pop.header().initMode();
            long start = offsets.next(topic, group, queueId, initMode);
            GetResult got = store.get(topic, queueId, start, max, pop.filter());
            switch (got.status()) {
                case FOUND -> { }
                case NO_MATCHED_MESSAGE, OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY -> {
                    offsets.advance(topic, group, queueId, got.nextBeginOffset());
                    return Optional.empty();
                }
                default -> {
                    return Optional.empty();
                }
            }
            List<RecordSlice> records = RecordSlice.split(got.records());
            long[] popped = records.stream().mapToLong(RecordSlice::queueOffset).toArray();
            CheckpointKey key = new CheckpointKey(topic, group, queueId, start, pop.popTime(), brokerName);
            offsets.advance(topic, group, queueId, got.nextBeginOffset());
            var durable = checkpoints.open(key, pop.header().invisibleTime(), popped)
                    .whenComplete((checkpoint, failure) -> {
                        if (failure != null) {
                            offsets.rollBack(topic, group, queueId, start);
                        }
                    });
            return Optional.of(new QueuePop(topic, queueId, start, records, null, durable));
        } finally {
            lock.unlock();
        }
    }

    /** Messages of the queue the group has not popped yet. */
    long rest(String topic, String group, int queueId, int initMode) {
        return Math.max(0, store.maxOffset(topic, queueId) - offsets.next(topic, group, queueId, initMode));
    }
}
