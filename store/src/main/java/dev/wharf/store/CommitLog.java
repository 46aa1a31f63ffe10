package dev.wharf.store;

import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The append-only log of stored records in segment files. A record never straddles segments: when
 * one does not fit, the rest of the segment gets RocketMQ's end-of-file blank (size, magic
 * {@code 0xCBD43194}) and the record goes to the next segment, which {@link SegmentPreallocator} has
 * already warmed.
 *
 * <p>{@link #allocate} and {@link #write} belong to the single appender (the store's append lock);
 * the appender {@linkplain #publish publishes} the end once a record is indexed, and readers see only
 * bytes below it.
 */
final class CommitLog implements AutoCloseable {

    /** Room always left at a segment's end for the blank header. */
    static final int BLANK_HEADER_BYTES = 8;

    private final SegmentedFile file;
    private final SegmentPreallocator preallocator;
    private long writeOffset;
    private volatile long endOffset;
    private final AtomicLong flushedOffset = new AtomicLong();

    private CommitLog(SegmentedFile file, SegmentPreallocator preallocator) {
        this.file = file;
        this.preallocator = preallocator;
    }

    static CommitLog open(Path directory, int segmentBytes) throws IOException {
        SegmentPreallocator preallocator = new SegmentPreallocator();
        return new CommitLog(SegmentedFile.open(directory, segmentBytes, preallocator), preallocator);
    }

    /** Largest run of records one append may write. */
    int maxAppendBytes() {
        return file.segmentSize() - BLANK_HEADER_BYTES;
    }

    /** First offset still stored. */
    long minOffset() {
        return file.firstOffset();
    }

    /** End of the readable (appended and indexed) records. */
    long endOffset() {
        return endOffset;
    }

    long flushedOffset() {
        return flushedOffset.get();
    }

    /**
     * Reserves {@code length} contiguous bytes in one segment, closing the current segment with a blank
     * if they do not fit, and returns their offset. Appender only.
     */
    long allocate(int length) {
        MappedSegment segment = file.segmentForWrite(writeOffset);
        int position = (int) (writeOffset - segment.startOffset());
        int remaining = segment.size() - position;
        if (length + BLANK_HEADER_BYTES > remaining) {
            segment.putInt(position, remaining);
            segment.putInt(position + 4, StoredMessageCodec.BLANK_MAGIC);
            writeOffset = segment.endOffset();
            file.segmentForWrite(writeOffset);
        }
        long offset = writeOffset;
        writeOffset += length;
        return offset;
    }

    /** Copies bytes to an offset inside space returned by {@link #allocate}. Appender only. */
    void write(long offset, byte[] bytes) {
        MappedSegment segment = file.segmentAt(offset);
        segment.write((int) (offset - segment.startOffset()), bytes);
    }

    /** Makes everything below {@code offset} readable. Appender only. */
    void publish(long offset) {
        endOffset = offset;
    }

    /** Sets every position to the end found by recovery and starts warming the segment appends need next. */
    void resetTo(long offset) {
        writeOffset = offset;
        endOffset = offset;
        flushedOffset.set(offset);
        long start = offset - offset % file.segmentSize();
        long next = file.segmentAt(offset) == null ? start : start + file.segmentSize();
        // A segment already on disk (warmed by the previous run) is used as it is, never replaced.
        if (file.segmentAt(next) == null) {
            preallocator.prepare(file.directory().resolve(SegmentedFile.fileName(next)), next, file.segmentSize());
        }
    }

    /** Copies a readable range that lies in one segment; false if it is not stored. */
    boolean read(long offset, byte[] target, int targetOffset, int length) {
        MappedSegment segment = file.segmentAt(offset);
        if (segment == null || offset + length > endOffset || offset + length > segment.endOffset()) {
            return false;
        }
        segment.read((int) (offset - segment.startOffset()), target, targetOffset, length);
        return true;
    }

    /** The readable record starting exactly at {@code offset}, byte for byte. */
    Optional<byte[]> lookup(long offset) {
        int size = recordSizeAt(offset);
        if (size < 0) {
            return Optional.empty();
        }
        byte[] record = new byte[size];
        return read(offset, record, 0, size) ? Optional.of(record) : Optional.empty();
    }

    /** STORETIMESTAMP of the readable record at {@code offset}, or -1. */
    long storeTimestampAt(long offset) {
        if (recordSizeAt(offset) < 0) {
            return -1;
        }
        MappedSegment segment = file.segmentAt(offset);
        int position = (int) (offset - segment.startOffset());
        int sysFlag = segment.getInt(position + StoredMessageCodec.SYS_FLAG_POSITION);
        return segment.getLong(position + StoredMessageCodec.storeTimestampPosition(sysFlag));
    }

    /**
     * Size of the readable record starting at {@code offset}, or -1 when no record starts there: the
     * magic, the size bounds and the record's own PHYSICALOFFSET must all agree.
     */
    private int recordSizeAt(long offset) {
        MappedSegment segment = file.segmentAt(offset);
        if (segment == null || offset < 0 || offset + StoredMessageCodec.MIN_RECORD_SIZE > endOffset) {
            return -1;
        }
        int position = (int) (offset - segment.startOffset());
        if (position + StoredMessageCodec.MIN_RECORD_SIZE > segment.size()) {
            return -1;
        }
        int size = segment.getInt(position);
        int magic = segment.getInt(position + 4);
        boolean sane = (magic == StoredMessageCodec.MAGIC_V1 || magic == StoredMessageCodec.MAGIC_V2)
                && size >= StoredMessageCodec.MIN_RECORD_SIZE
                && position + (long) size <= segment.size()
                && offset + size <= endOffset
                && segment.getLong(position + StoredMessageCodec.PHYSICAL_OFFSET_POSITION) == offset;
        return sane ? size : -1;
    }

    /**
     * What recovery finds at {@code offset}: a record that passes every check (layout, BODYCRC, its own
     * PHYSICALOFFSET), the blank that closes a segment, or the end of valid data.
     */
    Slot scan(long offset) {
        MappedSegment segment = file.segmentAt(offset);
        if (segment == null) {
            return Slot.END;
        }
        int position = (int) (offset - segment.startOffset());
        int remaining = segment.size() - position;
        if (remaining < BLANK_HEADER_BYTES) {
            return Slot.END;
        }
        int size = segment.getInt(position);
        int magic = segment.getInt(position + 4);
        if (magic == StoredMessageCodec.BLANK_MAGIC) {
            return size == remaining ? Slot.blank(segment.endOffset()) : Slot.END;
        }
        if (magic != StoredMessageCodec.MAGIC_V1 && magic != StoredMessageCodec.MAGIC_V2) {
            return Slot.END;
        }
        try {
            ByteBuffer view = segment.view(position);
            StoredMessage message = StoredMessageCodec.decode(view);
            return message.bodyCrcMatches() && message.commitLogOffset() == offset ? Slot.record(message) : Slot.END;
        } catch (IllegalArgumentException torn) {
            return Slot.END;
        }
    }

    /** Forces everything readable to the device. */
    void flush() {
        long to = endOffset;
        long from = flushedOffset.get();
        if (to > from) {
            file.force(from, to);
            flushedOffset.accumulateAndGet(to, Math::max);
        }
    }

    /** Cuts the log at {@code offset}: zeroes the rest of its segment and deletes later ones. */
    void truncate(long offset) {
        file.truncate(offset);
    }

    @Override
    public void close() {
        preallocator.close();
        file.close();
    }

    /**
     * One step of a recovery scan.
     *
     * @param message the valid record found, or null
     * @param nextOffset where the scan continues (after the record, or the next segment after a blank)
     */
    record Slot(StoredMessage message, long nextOffset) {
        static final Slot END = new Slot(null, -1);

        static Slot record(StoredMessage message) {
            return new Slot(message, message.commitLogOffset() + message.totalSize());
        }

        static Slot blank(long nextSegment) {
            return new Slot(null, nextSegment);
        }

        boolean isEnd() {
            return nextOffset < 0;
        }
    }
}
