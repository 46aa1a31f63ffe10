package dev.wharf.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The index of one (topic, queue): fixed 20-byte entries {@code commitLogOffset int64 | size int32 |
 * tagsCode int64}, entry {@code n} at byte {@code 20 n}, in files of a fixed number of entries. Entries
 * below {@link #maxOffset()} are readable from any thread; writing belongs to the store's appender.
 */
final class ConsumeQueue {

    static final int ENTRY_BYTES = 20;

    /** One index entry; a size of 0 marks a slot that holds no record. */
    record Entry(long commitLogOffset, int size, long tagsCode) {
        boolean isPresent() {
            return size > 0 && commitLogOffset >= 0;
        }

        long commitLogEnd() {
            return commitLogOffset + size;
        }
    }

    private final String topic;
    private final int queueId;
    private final SegmentedFile file;
    private volatile long minOffset;
    private volatile long maxOffset;
    private final AtomicLong flushedBytes = new AtomicLong();

    private ConsumeQueue(String topic, int queueId, SegmentedFile file) {
        this.topic = topic;
        this.queueId = queueId;
        this.file = file;
    }

    /** Opens the queue's directory and finds its first and last entries. */
    static ConsumeQueue open(Path directory, String topic, int queueId, int entriesPerFile) throws IOException {
        ConsumeQueue queue = new ConsumeQueue(
                topic, queueId, SegmentedFile.open(directory, entriesPerFile * ENTRY_BYTES, MappedSegment::open));
        queue.findBounds();
        return queue;
    }

    String topic() {
        return topic;
    }

    int queueId() {
        return queueId;
    }

    long minOffset() {
        return minOffset;
    }

    /** One past the last readable entry. */
    long maxOffset() {
        return maxOffset;
    }

    boolean isEmpty() {
        return maxOffset == minOffset;
    }

    /** The entry at a queue offset, or null if it is not stored. */
    Entry entry(long queueOffset) {
        long byteOffset = queueOffset * ENTRY_BYTES;
        MappedSegment segment = file.segmentAt(byteOffset);
        if (segment == null || queueOffset < minOffset || queueOffset >= maxOffset) {
            return null;
        }
        return read(segment, (int) (byteOffset - segment.startOffset()));
    }

    /** Writes an entry without making it readable; see {@link #publish}. Appender only. */
    void write(long queueOffset, long commitLogOffset, int size, long tagsCode) {
        long byteOffset = queueOffset * ENTRY_BYTES;
        MappedSegment segment = file.segmentForWrite(byteOffset);
        int position = (int) (byteOffset - segment.startOffset());
        segment.putLong(position, commitLogOffset);
        segment.putInt(position + 8, size);
        segment.putLong(position + 12, tagsCode);
    }

    /** Makes the entries below {@code newMaxOffset} readable. Appender only. */
    void publish(long newMaxOffset) {
        maxOffset = newMaxOffset;
    }

    /** Makes an empty queue start at {@code queueOffset} (recovery rebuilding a queue from a later offset). */
    void startAt(long queueOffset) {
        minOffset = queueOffset;
        maxOffset = queueOffset;
        flushedBytes.set(queueOffset * ENTRY_BYTES);
    }

    /**
     * Drops the tail entries that point past {@code commitLogEnd}. The bytes after the last entry are
     * zeroed when entries were dropped or {@code scrubTail} asks for it (after a crash they may hold
     * stale entries that a later append would make look contiguous).
     */
    void truncateTo(long commitLogEnd, boolean scrubTail) {
        long before = maxOffset;
        long max = before;
        while (max > minOffset) {
            Entry last = entry(max - 1);
            if (last != null && last.isPresent() && last.commitLogEnd() <= commitLogEnd) {
                break;
            }
            max--;
            maxOffset = max;
        }
        if (scrubTail || max < before) {
            file.truncate(max * ENTRY_BYTES);
            flushedBytes.accumulateAndGet(max * ENTRY_BYTES, Math::min);
        }
    }

    /** Removes every entry and file; the queue starts again at 0. */
    void clear() {
        file.truncate(0);
        startAt(0);
    }

    void flush() {
        long to = maxOffset * ENTRY_BYTES;
        long from = flushedBytes.get();
        if (to > from) {
            file.force(from, to);
            flushedBytes.accumulateAndGet(to, Math::max);
        }
    }

    void close() {
        file.close();
    }

    void delete() {
        file.deleteAll();
    }

    /** The first present entry is the minimum; the maximum follows the run of entries in the last written file. */
    private void findBounds() {
        long min = -1;
        for (MappedSegment segment : file.segments()) {
            min = firstPresent(segment);
            if (min >= 0) {
                break;
            }
        }
        long max = Math.max(min, 0);
        for (MappedSegment segment : file.segmentsDescending()) {
            int from = segment.contains(max * ENTRY_BYTES) ? (int) (max * ENTRY_BYTES - segment.startOffset()) : 0;
            if (from < segment.size() && read(segment, from).isPresent()) {
                int position = from;
                while (position < segment.size() && read(segment, position).isPresent()) {
                    position += ENTRY_BYTES;
                }
                max = (segment.startOffset() + position) / ENTRY_BYTES;
                break;
            }
        }
        minOffset = Math.max(min, 0);
        maxOffset = Math.max(max, minOffset);
        flushedBytes.set(maxOffset * ENTRY_BYTES);
    }

    private static long firstPresent(MappedSegment segment) {
        for (int position = 0; position < segment.size(); position += ENTRY_BYTES) {
            if (read(segment, position).isPresent()) {
                return (segment.startOffset() + position) / ENTRY_BYTES;
            }
        }
        return -1;
    }

    private static Entry read(MappedSegment segment, int position) {
        return new Entry(segment.getLong(position), segment.getInt(position + 8), segment.getLong(position + 12));
    }
}
