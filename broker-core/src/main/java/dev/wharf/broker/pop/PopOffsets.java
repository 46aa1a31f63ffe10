package dev.wharf.broker.pop;

import dev.wharf.broker.offset.ConsumerOffsetManager;
import dev.wharf.store.MessageStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the next normal pop of each (topic, group, queue) starts. A pop advances it at once — the
 * checkpoint, not the offset, guarantees redelivery — and the broker copies it into the committed consumer
 * offsets (so lag and consume statistics see pops) one flush period late, when the checkpoints of every
 * batch before it are surely on disk. A restart thus resumes at or before the true position, and replayed
 * checkpoints move it past every batch they record.
 */
final class PopOffsets {

    /** {@code initMode} of a pop: where a group that never consumed a queue starts. */
    static final int INIT_MIN = 0;

    record QueueKey(String topic, String group, int queueId) {}

    private final ConsumerOffsetManager committed;
    private final MessageStore store;
    private final Map<QueueKey, Long> next = new ConcurrentHashMap<>();

    PopOffsets(ConsumerOffsetManager committed, MessageStore store) {
        this.committed = committed;
        this.store = store;
    }

    /**
     * The offset to pop from: the one in memory, else the committed consumer offset, else
     * {@link #initial} for a group that never consumed the queue.
     */
    long next(String topic, String group, int queueId, int initMode) {
        return next.computeIfAbsent(new QueueKey(topic, group, queueId), key -> {
            long offset = committed.query(group, topic, queueId);
            if (offset >= 0) {
                return offset;
            }
            return initial(store, topic, queueId, initMode);
        });
    }

    /**
     * Where a group that never consumed a queue starts: its first message for {@link #INIT_MIN}; otherwise its
     * end, unless the queue still holds its very first message, in which case nothing was ever trimmed and
     * the group starts at 0 — so a young topic's messages sent before its first consumer arrives are
     * delivered, as the Apache broker does for a queue whose start is still in memory, and as this broker's
     * QUERY_CONSUMER_OFFSET answers a Remoting consumer of a new group.
     */
    static long initial(MessageStore store, String topic, int queueId, int initMode) {
        long min = store.minOffset(topic, queueId);
        return initMode == INIT_MIN || min <= 0 ? min : store.maxOffset(topic, queueId);
    }

    /** Moves the next pop to {@code offset} (called under the queue's pop lock). */
    void advance(String topic, String group, int queueId, long offset) {
        next.put(new QueueKey(topic, group, queueId), offset);
    }

    /** Moves the next pop back to {@code offset} at most: a batch whose checkpoint failed is popped again. */
    void rollBack(String topic, String group, int queueId, long offset) {
        next.computeIfPresent(new QueueKey(topic, group, queueId), (key, current) -> Math.min(current, offset));
    }

    /** Moves the next pop past {@code lastPopped} unless it already is (recovery). */
    void atLeast(String topic, String group, int queueId, long lastPopped) {
        QueueKey key = new QueueKey(topic, group, queueId);
        long known = next(topic, group, queueId, INIT_MIN);
        next.put(key, Math.max(known, lastPopped + 1));
    }

    /** Forgets the positions of a topic (deleted). */
    void removeTopic(String topic) {
        next.keySet().removeIf(key -> key.topic().equals(topic));
    }

    /** The committed consumer offsets these positions are copied into (FIFO pops use them directly). */
    ConsumerOffsetManager committed() {
        return committed;
    }

    Map<QueueKey, Long> snapshot() {
        return Map.copyOf(next);
    }

    /** Copies positions into the committed consumer offsets. */
    void commit(Map<QueueKey, Long> positions) {
        positions.forEach((key, offset) -> committed.commit(key.group(), key.topic(), key.queueId(), offset));
    }
}
