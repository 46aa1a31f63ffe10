package dev.wharf.broker.pop;

import dev.wharf.broker.pop.PopOffsets.QueueKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per (topic, group, queue): a read, its checkpoint or FIFO batch and the offset move happen
 * together. Pops only try the lock and move on to the next queue when it is taken, as RocketMQ does.
 */
final class PopQueueLocks {

    private final Map<QueueKey, ReentrantLock> locks = new ConcurrentHashMap<>();

    ReentrantLock of(QueueKey queue) {
        return locks.computeIfAbsent(queue, ignored -> new ReentrantLock());
    }
}
