package dev.wharf.broker.timer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The on-disk side of the timing wheel: one append-only file per time bucket (a fixed span of due times),
 * holding the {@link TimerEntry entries} due in it, 24 bytes each, in arrival order. Only the buckets due
 * soon are read into memory; the rest stay on disk, so memory holds index entries of the near future only.
 * A bucket's file is deleted once every entry in it was delivered.
 *
 * <p>Not thread-safe: the timer's own thread is the only user. A bucket being filled keeps its file open
 * (up to {@value #OPEN_FILES} at once); {@link #sync()} forces what was appended since the last call.
 */
final class TimerBuckets implements AutoCloseable {

    private static final int OPEN_FILES = 64;

    private final Path dir;
    private final long bucketMillis;
    /** Open files by bucket, least recently appended first. */
    private final LinkedHashMap<Long, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<Long> unsynced = new HashSet<>();
    private final TreeSet<Long> existing;

    TimerBuckets(Path dir, long bucketMillis) {
        this.dir = dir;
        this.bucketMillis = bucketMillis;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the timer directory " + dir, e);
        }
        this.existing = new TreeSet<>(listFiles());
    }

    /** The bucket an entry due at {@code deliverAt} belongs to. */
    long bucketOf(long deliverAt) {
        return Math.floorDiv(deliverAt, bucketMillis);
    }

    /** The first epoch millisecond of a bucket. */
    long startOf(long bucket) {
        return bucket * bucketMillis;
    }

    /** Appends entries, each to its bucket's file. */
    void append(List<TimerEntry> entries) {
        Map<Long, List<TimerEntry>> byBucket = new TreeMap<>();
        for (TimerEntry entry : entries) {
            byBucket.computeIfAbsent(bucketOf(entry.deliverAt()), bucket -> new ArrayList<>()).add(entry);
        }
        byBucket.forEach(this::appendTo);
    }

    private void appendTo(long bucket, List<TimerEntry> entries) {
        ByteBuffer buffer = ByteBuffer.allocate(entries.size() * TimerEntry.BYTES);
        for (TimerEntry entry : entries) {
            buffer.putLong(entry.deliverAt()).putLong(entry.queueOffset()).putLong(entry.commitLogOffset());
        }
        buffer.flip();
        try {
            FileChannel channel = channel(bucket);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            unsynced.add(bucket);
            existing.add(bucket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the timer bucket " + file(bucket), e);
        }
    }

    /** Every entry of a bucket, in file order; none when it has no file. */
    List<TimerEntry> read(long bucket) {
        try {
            byte[] bytes = Files.readAllBytes(file(bucket));
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            List<TimerEntry> entries = new ArrayList<>(bytes.length / TimerEntry.BYTES);
            while (buffer.remaining() >= TimerEntry.BYTES) {
                entries.add(new TimerEntry(buffer.getLong(), buffer.getLong(), buffer.getLong()));
            }
            return entries;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the timer bucket " + file(bucket), e);
        }
    }

    /** The buckets that have a file, earliest first. */
    List<Long> buckets() {
        return List.copyOf(existing);
    }

    private List<Long> listFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(name -> bucketOf(Long.parseLong(name)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the timer directory " + dir, e);
        }
    }

    /**
     * Cuts a torn last entry off every file, left by a crash in the middle of an append, so later appends
     * stay aligned.
     */
    void repairTails() {
        for (long bucket : existing) {
            Path file = file(bucket);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                long whole = channel.size() - channel.size() % TimerEntry.BYTES;
                if (whole != channel.size()) {
                    channel.truncate(whole);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot repair the timer bucket " + file, e);
            }
        }
    }

    /** Forces to disk every append made since the last call. */
    void sync() {
        for (long bucket : unsynced) {
            FileChannel channel = open.get(bucket);
            if (channel != null) {
                force(bucket, channel);
            }
        }
        unsynced.clear();
    }

    /** Deletes the buckets up to {@code lastBucket}, whose every entry was delivered. */
    void deleteThrough(long lastBucket) {
        for (Iterator<Long> delivered = existing.headSet(lastBucket, true).iterator(); delivered.hasNext(); ) {
            long bucket = delivered.next();
            closeChannel(bucket);
            unsynced.remove(bucket);
            try {
                Files.deleteIfExists(file(bucket));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the timer bucket " + file(bucket), e);
            }
            delivered.remove();
        }
    }

    @Override
    public void close() {
        sync();
        for (long bucket : List.copyOf(open.keySet())) {
            closeChannel(bucket);
        }
    }

    private FileChannel channel(long bucket) throws IOException {
        FileChannel channel = open.get(bucket);
        if (channel == null) {
            if (open.size() >= OPEN_FILES) {
                long eldest = open.keySet().iterator().next();
                // A file leaves the open set synced, so sync() needs only the open ones.
                force(eldest, open.get(eldest));
                unsynced.remove(eldest);
                closeChannel(eldest);
            }
            channel = FileChannel.open(file(bucket),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            open.put(bucket, channel);
        }
        return channel;
    }

    private void force(long bucket, FileChannel channel) {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force the timer bucket " + file(bucket), e);
        }
    }

    private void closeChannel(long bucket) {
        FileChannel channel = open.remove(bucket);
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the timer bucket " + file(bucket), e);
            }
        }
    }

    private Path file(long bucket) {
        return dir.resolve(Long.toString(startOf(bucket)));
    }
}
