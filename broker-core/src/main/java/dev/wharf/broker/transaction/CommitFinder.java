package dev.wharf.broker.transaction;

import dev.wharf.broker.message.MessageWriter;
import dev.wharf.broker.topic.TopicNames;
import dev.wharf.store.BoundaryType;
import dev.wharf.store.GetResult;
import dev.wharf.store.MessageFilter;
import dev.wharf.message.MessageRecord;
import dev.wharf.store.MessageStore;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers whether the delivery of a commit is already stored, for a commit a crash or a failed write
 * interrupted: finishing it must neither lose nor duplicate the message. The committed copy carries the
 * half's commit-log offset as its prepared-transaction offset, and it was stored after the half, so the
 * queues it may have gone to are read from the half's store time on: its real queue, the delay-level queue
 * a {@code DELAY} property sends it through, and the timer queue a delivery time sends it through.
 */
final class CommitFinder {

    /** Store times come from the wall clock; tolerate it stepping back this much. */
    private static final long CLOCK_SLACK_MILLIS = 60_000;
    private static final int BATCH = 64;

    private final MessageStore store;
    private final int delayLevels;

    /**
     * @param delayLevels how many delay levels the broker has (0: delays are off)
     */
    CommitFinder(MessageStore store, int delayLevels) {
        this.store = store;
        this.delayLevels = delayLevels;
    }

    /** Whether a delivery of {@code committed}, the commit of {@code half}, is stored. */
    boolean isDelivered(StoredMessage half, MessageRecord committed) {
        long since = half.storeTimestamp() - CLOCK_SLACK_MILLIS;
        for (Queue queue : candidates(committed)) {
            if (contains(queue, since, half.commitLogOffset())) {
                return true;
            }
        }
        return false;
    }

    private List<Queue> candidates(MessageRecord committed) {
        List<Queue> queues = new ArrayList<>();
        queues.add(new Queue(committed.topic(), committed.queueId()));
        int level = delayLevelOf(committed);
        if (level > 0 && delayLevels > 0) {
            queues.add(new Queue(TopicNames.SCHEDULE_TOPIC, Math.min(level, delayLevels) - 1));
        }
        if (committed.properties().containsKey(MessageProperties.TIMER_DELIVER_MS)
                || committed.properties().containsKey(MessageProperties.TIMER_DELAY_SEC)
                || committed.properties().containsKey(MessageProperties.TIMER_DELAY_MS)) {
            queues.add(new Queue(TopicNames.TIMER_TOPIC, 0));
        }
        return queues;
    }

    private static int delayLevelOf(MessageRecord committed) {
        try {
            return MessageWriter.delayLevel(committed);
        } catch (RuntimeException notANumber) {
            return 0;
        }
    }

    private boolean contains(Queue queue, long sinceMillis, long halfCommitLogOffset) {
        long offset = store.offsetByTimestamp(queue.topic, queue.queueId, sinceMillis, BoundaryType.LOWER);
        while (true) {
            GetResult got = store.get(queue.topic, queue.queueId, offset, BATCH, MessageFilter.ALL);
            if (got.status() != GetResult.GetStatus.FOUND) {
                return false;
            }
            for (StoredMessage message : StoredMessageCodec.decodeAll(got.records())) {
                if (message.preparedTransactionOffset() == halfCommitLogOffset) {
                    return true;
                }
            }
            offset = got.nextBeginOffset();
        }
    }

    private record Queue(String topic, int queueId) {}
}
