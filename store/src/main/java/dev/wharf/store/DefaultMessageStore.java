package dev.wharf.store;

import dev.wharf.message.MessageRecord;
import dev.wharf.message.MessageIds;
import dev.wharf.message.StoredMessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The {@link MessageStore} on local files:
 *
 * <pre>
 * &lt;path&gt;/commitlog/&lt;20-digit offset&gt;               records in RocketMQ's stored layout
 * &lt;path&gt;/consumequeue/&lt;topic&gt;/&lt;queueId&gt;/&lt;20-digit&gt;  20-byte index entries
 * &lt;path&gt;/checkpoint                                 flushed progress, replaced atomically
 * &lt;path&gt;/deleted-topics                             commit-log marks of deleted topics
 * &lt;path&gt;/lock                                       held while the store is open
 * &lt;path&gt;/abort                                      exists while open: a crash leaves it behind
 * </pre>
 *
 * <p>Appends encode outside the lock, then under one lock take the queue offset, reserve space, stamp
 * offsets and store time into the record, copy it into the mapped segment and write the index entry;
 * the record is readable when the lock is released. Futures complete after the lock is released: on
 * the caller's thread for ASYNC, on {@code wharf-store-sync-ack} after the group commit for SYNC.
 */
final class DefaultMessageStore implements MessageStore {

    /** Present while the store is open; found at start, it means the last run did not close cleanly. */
    private static final String ABORT_MARKER = "abort";

    private final StoreConfig config;
    private final LongSupplier clock;
    private final FileChannel lockChannel;
    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final TopicTombstones tombstones;
    private final QueueReader reader;
    private final ArrivalNotifier arrivals = new ArrivalNotifier();
    private final StoreFlusher flusher;
    private final GroupCommitService groupCommit;
    private final ReentrantLock appendLock = new ReentrantLock();
    private long lastStoreTimestamp;
    private volatile boolean closed;

    DefaultMessageStore(StoreConfig config) {
        this(config, System::currentTimeMillis);
    }

    /** Opens the store with a clock for store timestamps (tests make time explicit with it). */
    DefaultMessageStore(StoreConfig config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
        Path root = config.path();
        try {
            Files.createDirectories(root);
            this.lockChannel = lock(root.resolve("lock"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the store at " + root, e);
        }
        try {
            this.commitLog = CommitLog.open(root.resolve("commitlog"), config.commitLogSegmentBytes());
            this.queues = ConsumeQueueTable.open(root.resolve("consumequeue"), config.consumeQueueEntriesPerFile());
            this.tombstones = TopicTombstones.load(root.resolve("deleted-topics"));
            boolean cleanShutdown = !Files.exists(root.resolve(ABORT_MARKER));
            new StoreRecovery(commitLog, queues, tombstones).recover(
                    StoreCheckpoint.read(root.resolve("checkpoint")), config.commitLogSegmentBytes(), cleanShutdown);
            AtomicFiles.write(root.resolve(ABORT_MARKER), "running since " + Instant.now() + "\n");
        } catch (IOException | RuntimeException e) {
            closeQuietly(lockChannel, e);
            throw e instanceof IOException io ? new UncheckedIOException("cannot open the store at " + root, io) : (RuntimeException) e;
        }
        this.reader = new QueueReader(commitLog, queues, config.maxGetBytes(), config.maxScanEntries());
        this.flusher = new StoreFlusher(commitLog, queues, root.resolve("checkpoint"), config.flushInterval());
        this.groupCommit = config.flushPolicy() == FlushPolicy.SYNC ? new GroupCommitService(commitLog) : null;
    }

    @Override
    public CompletableFuture<PutResult> put(MessageRecord message) {
        return putBatch(List.of(message));
    }

    @Override
    public CompletableFuture<PutResult> putBatch(List<MessageRecord> messages) {
        byte[][] records;
        try {
            records = encode(messages);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        MessageRecord first = messages.get(0);
        long[] tagsCodes = messages.stream().mapToLong(MessageRecord::tagsCode).toArray();
        long firstQueueOffset;
        long firstCommitLogOffset;
        long storeTimestamp;
        appendLock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the store is closed"));
            }
            ConsumeQueue queue = queues.findOrCreate(first.topic(), first.queueId());
            firstQueueOffset = queue.maxOffset();
            storeTimestamp = nextStoreTimestamp();
            firstCommitLogOffset = commitLog.allocate(totalLength(records));
            long offset = firstCommitLogOffset;
            for (int i = 0; i < records.length; i++) {
                StoredMessageCodec.stamp(ByteBuffer.wrap(records[i]), 0, firstQueueOffset + i, offset, storeTimestamp);
                commitLog.write(offset, records[i]);
                queue.write(firstQueueOffset + i, offset, records[i].length, tagsCodes[i]);
                offset += records[i].length;
            }
            // The log first: a reader that sees the new queue entries must find their records readable.
            commitLog.publish(offset);
            queue.publish(firstQueueOffset + records.length);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            appendLock.unlock();
        }
        arrivals.arrived(first.topic(), first.queueId(), firstQueueOffset, tagsCodes);
        PutResult result = new PutResult(firstCommitLogOffset, firstQueueOffset, records.length, storeTimestamp,
                offsetMessageIds(firstCommitLogOffset, records));
        if (groupCommit == null) {
            return CompletableFuture.completedFuture(result);
        }
        return groupCommit.whenDurable(firstCommitLogOffset + totalLength(records)).thenApply(durable -> result);
    }

    private byte[][] encode(List<MessageRecord> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one message");
        }
        MessageRecord first = messages.get(0);
        TopicNames.requireStorable(first.topic());
        if (first.queueId() < 0) {
            throw new IllegalArgumentException("negative queue id " + first.queueId());
        }
        byte[][] records = new byte[messages.size()][];
        for (int i = 0; i < records.length; i++) {
            MessageRecord message = messages.get(i);
            if (!message.topic().equals(first.topic()) || message.queueId() != first.queueId()) {
                throw new IllegalArgumentException("a batch must target one queue: " + first.topic() + "/"
                        + first.queueId() + " and " + message.topic() + "/" + message.queueId());
            }
            records[i] = StoredMessageCodec.encode(message, config.storeHost());
        }
        if (totalLength(records) > commitLog.maxAppendBytes()) {
            throw new IllegalArgumentException("append of " + totalLength(records)
                    + " bytes exceeds what one commit-log segment holds (" + commitLog.maxAppendBytes() + ")");
        }
        return records;
    }

    private static int totalLength(byte[][] records) {
        long total = 0;
        for (byte[] record : records) {
            total += record.length;
        }
        return (int) Math.min(total, Integer.MAX_VALUE);
    }

    /** Store times never go backwards in log order, so queues can be searched by time. */
    private long nextStoreTimestamp() {
        lastStoreTimestamp = Math.max(lastStoreTimestamp, clock.getAsLong());
        return lastStoreTimestamp;
    }

    private List<String> offsetMessageIds(long firstCommitLogOffset, byte[][] records) {
        List<String> ids = new ArrayList<>(records.length);
        long offset = firstCommitLogOffset;
        for (byte[] record : records) {
            ids.add(MessageIds.offsetMessageId(config.storeHost(), offset));
            offset += record.length;
        }
        return List.copyOf(ids);
    }

    @Override
    public GetResult get(String topic, int queueId, long queueOffset, int maxMessages, MessageFilter filter) {
        return reader.get(topic, queueId, queueOffset, maxMessages, filter);
    }

    @Override
    public Optional<byte[]> lookup(long commitLogOffset) {
        return commitLog.lookup(commitLogOffset);
    }

    @Override
    public long minOffset(String topic, int queueId) {
        ConsumeQueue queue = queues.find(topic, queueId);
        return queue == null ? 0 : queue.minOffset();
    }

    @Override
    public long maxOffset(String topic, int queueId) {
        ConsumeQueue queue = queues.find(topic, queueId);
        return queue == null ? 0 : queue.maxOffset();
    }

    @Override
    public long offsetByTimestamp(String topic, int queueId, long timestampMillis, BoundaryType boundary) {
        return reader.offsetByTimestamp(topic, queueId, timestampMillis, boundary);
    }

    @Override
    public long earliestStoreTime(String topic, int queueId) {
        return reader.earliestStoreTime(topic, queueId);
    }

    @Override
    public void deleteTopic(String topic) {
        TopicNames.requireStorable(topic);
        appendLock.lock();
        try {
            tombstones.add(topic, commitLog.endOffset());
            queues.deleteTopic(topic);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete topic " + topic, e);
        } finally {
            appendLock.unlock();
        }
    }

    @Override
    public void addArrivalListener(ArrivalListener listener) {
        arrivals.add(listener);
    }

    @Override
    public void close() {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            appendLock.unlock();
        }
        if (groupCommit != null) {
            groupCommit.close();
        }
        flusher.close();
        commitLog.close();
        queues.forEach(ConsumeQueue::close);
        try {
            Files.deleteIfExists(config.path().resolve(ABORT_MARKER));
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the store at " + config.path(), e);
        }
    }

    private static void closeQuietly(FileChannel channel, Exception cause) {
        try {
            channel.close();
        } catch (IOException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    private static FileChannel lock(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException("another process has the store at " + file.getParent() + " open");
            }
            channel.truncate(0).write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            return channel;
        } catch (OverlappingFileLockException alreadyOpen) {
            channel.close();
            throw new IllegalStateException("the store at " + file.getParent() + " is already open", alreadyOpen);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
