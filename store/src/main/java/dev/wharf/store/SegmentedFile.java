package dev.wharf.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * A logical file of unbounded length stored as fixed-size {@link MappedSegment}s in one directory,
 * each named by its 20-digit start offset (RocketMQ's naming). Segments start at multiples of the
 * segment size. Lookups are safe from any thread; creating, truncating and deleting are for the single
 * writer.
 */
final class SegmentedFile {

    /** Creates the file behind a new segment; lets the commit log hand out pre-warmed segments. */
    @FunctionalInterface
    interface SegmentFactory {
        MappedSegment create(Path file, long startOffset, int size) throws IOException;
    }

    private final Path directory;
    private final int segmentSize;
    private final SegmentFactory factory;
    private final ConcurrentSkipListMap<Long, MappedSegment> segments = new ConcurrentSkipListMap<>();

    private SegmentedFile(Path directory, int segmentSize, SegmentFactory factory) {
        this.directory = directory;
        this.segmentSize = segmentSize;
        this.factory = factory;
    }

    /** Maps the segments already in {@code directory} (creating it if absent). */
    static SegmentedFile open(Path directory, int segmentSize, SegmentFactory factory) throws IOException {
        Files.createDirectories(directory);
        SegmentedFile file = new SegmentedFile(directory, segmentSize, factory);
        List<Path> names;
        try (Stream<Path> listing = Files.list(directory)) {
            names = listing.filter(p -> p.getFileName().toString().matches("\\d{20}")).sorted().toList();
        }
        for (Path name : names) {
            long start = Long.parseLong(name.getFileName().toString());
            if (start % segmentSize != 0) {
                throw new IOException(name + " does not start at a multiple of the segment size " + segmentSize);
            }
            file.segments.put(start, MappedSegment.open(name, start, segmentSize));
        }
        return file;
    }

    static String fileName(long startOffset) {
        return String.format("%020d", startOffset);
    }

    Path directory() {
        return directory;
    }

    int segmentSize() {
        return segmentSize;
    }

    /** Start of the first segment, or 0 when there is none. */
    long firstOffset() {
        Map.Entry<Long, MappedSegment> first = segments.firstEntry();
        return first == null ? 0 : first.getKey();
    }

    /** The segments in offset order (a live view). */
    Collection<MappedSegment> segments() {
        return segments.values();
    }

    /** The segments from last to first (a live view). */
    Collection<MappedSegment> segmentsDescending() {
        return segments.descendingMap().values();
    }

    /** The segment holding {@code offset}, or null. */
    MappedSegment segmentAt(long offset) {
        Map.Entry<Long, MappedSegment> floor = segments.floorEntry(offset);
        return floor != null && floor.getValue().contains(offset) ? floor.getValue() : null;
    }

    /** The segment holding {@code offset}, created if missing. */
    MappedSegment segmentForWrite(long offset) {
        MappedSegment existing = segmentAt(offset);
        if (existing != null) {
            return existing;
        }
        long start = offset - offset % segmentSize;
        try {
            MappedSegment created = factory.create(directory.resolve(fileName(start)), start, segmentSize);
            segments.put(start, created);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create segment " + fileName(start) + " in " + directory, e);
        }
    }

    /** Forces the bytes in {@code [from, to)} to the device. */
    void force(long from, long to) {
        for (MappedSegment segment : segments.subMap(from - from % segmentSize, true, to, false).values()) {
            long start = Math.max(from, segment.startOffset());
            long end = Math.min(to, segment.endOffset());
            segment.force((int) (start - segment.startOffset()), (int) (end - segment.startOffset()));
        }
    }

    /** Zeroes everything from {@code offset} on, deleting the segments that start after it. */
    void truncate(long offset) {
        for (MappedSegment segment : new ArrayList<>(segments.tailMap(offset - offset % segmentSize, true).values())) {
            if (segment.startOffset() >= offset) {
                segments.remove(segment.startOffset());
                segment.delete();
            } else {
                int from = (int) (offset - segment.startOffset());
                segment.zeroFrom(from);
                segment.force(from, segment.size());
            }
        }
    }

    void close() {
        segments.values().forEach(MappedSegment::close);
    }

    /** Deletes every segment and the directory. */
    void deleteAll() {
        segments.values().forEach(MappedSegment::delete);
        segments.clear();
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
