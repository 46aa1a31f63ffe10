package dev.wharf.store;

import dev.wharf.message.StoredMessage;
import dev.wharf.message.TagsCode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the commit log and the consume queues back into agreement on open.
 *
 * <ol>
 *   <li>Scan the commit log from the segment holding the checkpoint's trusted offset (the whole log
 *       without a checkpoint), checking each record's layout, BODYCRC and PHYSICALOFFSET; the first
 *       record that fails is the torn tail.
 *   <li>Index every scanned record its queue does not hold yet (records of deleted topics excepted).
 *   <li>Cut the log at the end of the last good record (zeroing what follows unless the previous run
 *       closed cleanly and the log ends where its checkpoint says) and drop queue entries that point
 *       past it.
 *   <li>A queue that misses entries before the scanned range (its files were lost) is rebuilt from
 *       the start of the log.
 * </ol>
 */
final class StoreRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(StoreRecovery.class);

    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final TopicTombstones tombstones;

    StoreRecovery(CommitLog commitLog, ConsumeQueueTable queues, TopicTombstones tombstones) {
        this.commitLog = commitLog;
        this.queues = queues;
        this.tombstones = tombstones;
    }

    /**
     * Recovers and returns the end of the commit log.
     *
     * @param cleanShutdown whether the previous run closed the store (no torn writes to scrub then,
     *     unless the scan still finds the log shorter than the checkpoint says)
     */
    long recover(Optional<StoreCheckpoint> checkpoint, int segmentBytes, boolean cleanShutdown) {
        long logStart = commitLog.minOffset();
        long scanStart = checkpoint
                .map(c -> Math.max(logStart, c.trustedOffset() - 1))
                .map(offset -> offset - offset % segmentBytes)
                .orElse(logStart);
        Set<ConsumeQueue> incomplete = new HashSet<>();
        long end = scanStart;
        for (CommitLog.Slot slot = commitLog.scan(end); !slot.isEnd(); slot = commitLog.scan(end)) {
            if (slot.message() != null && !tombstones.hides(slot.message().topic(), slot.message().commitLogOffset())) {
                index(slot.message(), incomplete);
            }
            end = slot.nextOffset();
        }
        long truncatedEnd = end;
        boolean tornTail = !cleanShutdown || checkpoint.map(c -> c.commitLogFlushedOffset() != truncatedEnd).orElse(true);
        if (tornTail) {
            commitLog.truncate(end);
        }
        commitLog.resetTo(end);
        queues.forEach(queue -> queue.truncateTo(truncatedEnd, tornTail));
        if (!incomplete.isEmpty()) {
            rebuild(incomplete, logStart, end);
        }
        LOG.info("recovered the commit log up to offset {} (checked from {})", end, scanStart);
        return end;
    }

    private void index(StoredMessage message, Set<ConsumeQueue> incomplete) {
        ConsumeQueue queue = queues.findOrCreate(message.topic(), message.queueId());
        if (incomplete.contains(queue) || message.queueOffset() < queue.maxOffset()) {
            return;
        }
        if (message.queueOffset() > queue.maxOffset()) {
            incomplete.add(queue);
            return;
        }
        append(queue, message);
    }

    private void rebuild(Set<ConsumeQueue> incomplete, long from, long to) {
        for (ConsumeQueue queue : incomplete) {
            LOG.warn("consume queue {}/{} misses entries; rebuilding it from the commit log", queue.topic(), queue.queueId());
            queue.clear();
        }
        Set<ConsumeQueue> started = new HashSet<>();
        for (CommitLog.Slot slot = commitLog.scan(from); !slot.isEnd() && slot.nextOffset() <= to;
                slot = commitLog.scan(slot.nextOffset())) {
            StoredMessage message = slot.message();
            ConsumeQueue queue = message == null ? null : queues.find(message.topic(), message.queueId());
            if (queue != null && incomplete.contains(queue) && message.queueOffset() >= queue.maxOffset()
                    && !tombstones.hides(message.topic(), message.commitLogOffset())) {
                if (started.add(queue) && message.queueOffset() > 0) {
                    queue.startAt(message.queueOffset());
                }
                append(queue, message);
            }
        }
    }

    private static void append(ConsumeQueue queue, StoredMessage message) {
        queue.write(message.queueOffset(), message.commitLogOffset(), message.totalSize(), TagsCode.of(message.properties()));
        queue.publish(message.queueOffset() + 1);
    }
}
