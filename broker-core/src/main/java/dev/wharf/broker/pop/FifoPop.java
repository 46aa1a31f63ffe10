package dev.wharf.broker.pop;

import dev.wharf.broker.offset.ConsumerOffsetManager;
import dev.wharf.broker.pop.PopOffsets.QueueKey;
import dev.wharf.store.GetResult;
import dev.wharf.store.MessageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pops one queue for a FIFO consumer: one batch per queue at a time. While the last batch has an
 * un-acked message that is still invisible the queue yields nothing — unless the request repeats that
 * batch's {@code attemptId}, which returns the same messages again. Once every un-acked message is
 * visible again the batch is delivered anew from the first un-acked offset, each message counting one
 * more delivery; a message delivered more than the group's {@code retryMaxTimes} times goes to the
 * dead-letter queue instead. Acks move the group's consumer offset to the first un-acked message.
 */
final class FifoPop {

    /** What a FIFO pop of one queue yielded: messages, or the time its blocking batch frees it. */
    record Outcome(Optional<QueuePop> pop, long blockedUntil) {
        static final Outcome NOTHING = new Outcome(Optional.empty(), 0);
    }

    private final MessageStore store;
    private final ConsumerOffsetManager committed;
    private final OrderTable orders;
    private final PopQueueLocks locks;
    private final PopRetryWriter retries;

    FifoPop(MessageStore store, ConsumerOffsetManager committed, OrderTable orders, PopQueueLocks locks,
            PopRetryWriter retries) {
        this.store = store;
        this.committed = committed;
        this.orders = orders;
        this.locks = locks;
        this.retries = retries;
    }

    Outcome pop(PopContext pop, String topic, int queueId, int max) {
        String group = pop.groupName();
        QueueKey queue = new QueueKey(topic, group, queueId);
        ReentrantLock lock = locks.of(queue);
        if (!lock.tryLock()) {
            return Outcome.NOTHING;
        }
        try {
            OrderBatch previous = orders.get(queue).filter(batch -> !batch.allAcked()).orElse(null);
            boolean sameAttempt = false;
            if (previous != null) {
                synchronized (previous) {
                    String attemptId = pop.header().attemptId();
                    sameAttempt = attemptId != null && attemptId.equals(previous.attemptId);
                    long blockedUntil = previous.blockedUntil(pop.popTime());
                    if (!sameAttempt && blockedUntil > 0) {
                        return new Outcome(Optional.empty(), blockedUntil);
                    }
                }
            }
            return read(pop, queue, max, previous, sameAttempt);
        } finally {
            lock.unlock();
        }
    }

    private Outcome read(PopContext pop, QueueKey queue, int max, OrderBatch previous, boolean sameAttempt) {
        long start = consumerOffset(queue, pop.header().initMode());
        GetResult got = store.get(queue.topic(), queue.queueId(), start, max, pop.filter());
        switch (got.status()) {
            case FOUND -> { }
            case NO_MATCHED_MESSAGE, OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY -> {
                committed.commit(queue.group(), queue.topic(), queue.queueId(), got.nextBeginOffset());
                orders.remove(queue);
                return Outcome.NOTHING;
            }
            default -> {
                return Outcome.NOTHING;
            }
        }
        List<RecordSlice> kept = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (RecordSlice record : RecordSlice.split(got.records())) {
            int before = previous == null ? -1 : previous.indexOf(record.queueOffset());
            if (before >= 0 && previous.acked.get(before)) {
                continue;
            }
            int count = before < 0 ? 0 : previous.counts[before] + (sameAttempt ? 0 : 1);
            if (count > pop.group().retryMaxTimes()) {
                retries.deadLetter(record.decode(), queue.group(), queue.topic(), count).join();
                continue;
            }
            kept.add(record);
            counts.add(count);
        }
        if (kept.isEmpty()) {
            committed.commit(queue.group(), queue.topic(), queue.queueId(), got.nextBeginOffset());
            orders.remove(queue);
            return Outcome.NOTHING;
        }
        long[] offsets = kept.stream().mapToLong(RecordSlice::queueOffset).toArray();
        int[] countArray = counts.stream().mapToInt(Integer::intValue).toArray();
        orders.put(queue, new OrderBatch(pop.popTime(), pop.header().invisibleTime(), pop.header().attemptId(),
                offsets, countArray, got.nextBeginOffset()));
        committed.commit(queue.group(), queue.topic(), queue.queueId(), offsets[0]);
        QueuePop popped = new QueuePop(queue.topic(), queue.queueId(), offsets[0], kept, countArray,
                CompletableFuture.completedFuture(null));
        return new Outcome(Optional.of(popped), 0);
    }

    /** The committed offset, or where a group that never consumed the queue starts (committed now). */
    private long consumerOffset(QueueKey queue, int initMode) {
        long offset = committed.query(queue.group(), queue.topic(), queue.queueId());
        if (offset >= 0) {
            return offset;
        }
        long initial = PopOffsets.initial(store, queue.topic(), queue.queueId(), initMode);
        committed.commit(queue.group(), queue.topic(), queue.queueId(), initial);
        return initial;
    }

    /**
     * Acknowledges one message of the queue's batch and moves the consumer offset to the first un-acked
     * one; answers whether the message was in the batch.
     */
    boolean ack(String topic, String group, int queueId, long offset) {
        QueueKey queue = new QueueKey(topic, group, queueId);
        ReentrantLock lock = locks.of(queue);
        lock.lock();
        try {
            OrderBatch batch = orders.get(queue).orElse(null);
            if (batch == null) {
                return false;
            }
            long consumed;
            boolean complete;
            synchronized (batch) {
                int index = batch.indexOf(offset);
                if (index < 0) {
                    return false;
                }
                batch.acked.set(index);
                consumed = batch.consumedUpTo();
                complete = batch.allAcked();
            }
            long current = committed.query(group, topic, queueId);
            committed.commit(group, topic, queueId, Math.max(current, consumed));
            if (complete) {
                orders.remove(queue);
            } else {
                orders.changed();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Makes one message of the queue's batch visible again at {@code visibleAt}; false when not in the batch. */
    boolean changeInvisibleTime(String topic, String group, int queueId, long offset, long visibleAt) {
        QueueKey queue = new QueueKey(topic, group, queueId);
        ReentrantLock lock = locks.of(queue);
        lock.lock();
        try {
            OrderBatch batch = orders.get(queue).orElse(null);
            if (batch == null) {
                return false;
            }
            synchronized (batch) {
                int index = batch.indexOf(offset);
                if (index < 0 || batch.acked.get(index)) {
                    return false;
                }
                batch.visibleAt[index] = visibleAt;
            }
            orders.changed();
            return true;
        } finally {
            lock.unlock();
        }
    }
}
