package dev.wharf.store;

import dev.wharf.store.GetResult.GetStatus;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers queue reads: walks consume-queue entries, filters them by tag hash, and copies the matched
 * records out of the commit log byte for byte. Safe from any thread, concurrently with appends.
 */
final class QueueReader {

    private static final Logger LOG = LoggerFactory.getLogger(QueueReader.class);
    private static final byte[] NO_RECORDS = new byte[0];

    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final int maxGetBytes;
    private final int maxScanEntries;

    QueueReader(CommitLog commitLog, ConsumeQueueTable queues, int maxGetBytes, int maxScanEntries) {
        this.commitLog = commitLog;
        this.queues = queues;
        this.maxGetBytes = maxGetBytes;
        this.maxScanEntries = maxScanEntries;
    }

    GetResult get(String topic, int queueId, long queueOffset, int maxMessages, MessageFilter filter) {
        ConsumeQueue queue = queues.find(topic, queueId);
        if (queue == null || queue.maxOffset() == 0) {
            return empty(GetStatus.NO_MESSAGE_IN_QUEUE, 0, 0, 0);
        }
        long min = queue.minOffset();
        long max = queue.maxOffset();
        if (queueOffset < min) {
            return empty(GetStatus.OFFSET_TOO_SMALL, min, min, max);
        }
        if (queueOffset == max) {
            return empty(GetStatus.OFFSET_OVERFLOW_ONE, queueOffset, min, max);
        }
        if (queueOffset > max) {
            return empty(GetStatus.OFFSET_OVERFLOW_BADLY, max, min, max);
        }
        return collect(queue, queueOffset, Math.max(1, maxMessages), filter, min, max);
    }

    private GetResult collect(ConsumeQueue queue, long from, int maxMessages, MessageFilter filter, long min, long max) {
        long scanEnd = Math.min(max, from + maxScanEntries);
        int capacity = Math.min(maxMessages, (int) (scanEnd - from));
        long[] queueOffsets = new long[capacity];
        long[] offsets = new long[capacity];
        int[] sizes = new int[capacity];
        int count = 0;
        int bytes = 0;
        long cursor = from;
        for (; cursor < scanEnd && count < maxMessages; cursor++) {
            ConsumeQueue.Entry entry = queue.entry(cursor);
            if (entry == null || !entry.isPresent() || !filter.matches(entry.tagsCode())) {
                continue;
            }
            if (count > 0 && bytes + entry.size() > maxGetBytes) {
                break;
            }
            queueOffsets[count] = cursor;
            offsets[count] = entry.commitLogOffset();
            sizes[count] = entry.size();
            bytes += entry.size();
            count++;
        }
        if (count == 0) {
            return empty(GetStatus.NO_MATCHED_MESSAGE, cursor, min, max);
        }
        byte[] records = new byte[bytes];
        int position = 0;
        int copied = 0;
        for (int i = 0; i < count; i++) {
            if (commitLog.read(offsets[i], records, position, sizes[i])) {
                position += sizes[i];
                copied++;
            } else if (offsets[i] + sizes[i] > commitLog.endOffset()) {
                // Not readable yet, which is not gone: stop here so the next read starts at this entry.
                cursor = queueOffsets[i];
                break;
            } else {
                LOG.warn("{}/{} has an entry for commit-log offset {} that the log does not hold; skipped",
                        queue.topic(), queue.queueId(), offsets[i]);
            }
        }
        if (copied == 0) {
            return empty(GetStatus.NO_MATCHED_MESSAGE, cursor, min, max);
        }
        byte[] body = position == records.length ? records : Arrays.copyOf(records, position);
        return new GetResult(GetStatus.FOUND, body, copied, cursor, min, max);
    }

    /** See {@link MessageStore#offsetByTimestamp}: a binary search over the queue's store times. */
    long offsetByTimestamp(String topic, int queueId, long timestampMillis, BoundaryType boundary) {
        ConsumeQueue queue = queues.find(topic, queueId);
        if (queue == null) {
            return 0;
        }
        long low = queue.minOffset();
        long high = queue.maxOffset();
        // First offset whose store time is > t (UPPER) or >= t (LOWER), i.e. a partition point.
        while (low < high) {
            long middle = (low + high) >>> 1;
            long storeTime = storeTimeAt(queue, middle);
            boolean before = boundary == BoundaryType.UPPER ? storeTime <= timestampMillis : storeTime < timestampMillis;
            if (before) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return boundary == BoundaryType.UPPER ? Math.max(queue.minOffset(), low - 1) : low;
    }

    /** See {@link MessageStore#earliestStoreTime}. */
    long earliestStoreTime(String topic, int queueId) {
        ConsumeQueue queue = queues.find(topic, queueId);
        return queue == null || queue.isEmpty() ? -1 : storeTimeAt(queue, queue.minOffset());
    }

    private long storeTimeAt(ConsumeQueue queue, long queueOffset) {
        ConsumeQueue.Entry entry = queue.entry(queueOffset);
        return entry == null || !entry.isPresent() ? -1 : commitLog.storeTimestampAt(entry.commitLogOffset());
    }

    private static GetResult empty(GetStatus status, long nextBeginOffset, long min, long max) {
        return new GetResult(status, NO_RECORDS, 0, nextBeginOffset, min, max);
    }
}
