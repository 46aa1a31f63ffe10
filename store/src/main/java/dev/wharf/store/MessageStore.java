package dev.wharf.store;

import dev.wharf.message.MessageRecord;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The broker's storage: an append-only commit log of records in RocketMQ's stored-message layout, and a
 * consume-queue index per (topic, queue) of fixed-size entries pointing into it.
 *
 * <p>Appends are serialised internally and may be called from any thread. With
 * {@link FlushPolicy#SYNC} the returned future completes only once the record is on disk (group
 * commit), on the store's {@code wharf-store-sync-ack} thread; with {@link FlushPolicy#ASYNC} it is
 * already complete when {@code put} returns. Either way the message is readable by {@link #get} by
 * then. Reads never block on appends.
 *
 * <pre>{@code
 * MessageStore store = MessageStore.open(StoreConfig.defaults(Path.of("data")));
 * PutResult put = store.put(message).join();
 * GetResult got = store.get("orders", 0, put.queueOffset(), 32, MessageFilter.ALL);
 * }</pre>
 */
public interface MessageStore extends AutoCloseable {

    /** Opens (and recovers) the store under {@link StoreConfig#path()}. */
    static MessageStore open(StoreConfig config) {
        return new DefaultMessageStore(config);
    }

    /**
     * Appends one message; the store assigns queue offset, commit-log offset and store time. The future
     * fails with {@link IllegalArgumentException} for a message that cannot be stored (properties over
     * 32767 bytes, a record larger than a segment, a topic that is not a safe file name) and with
     * {@link IllegalStateException} once the store is closed.
     */
    CompletableFuture<PutResult> put(MessageRecord message);

    /**
     * Appends messages of one (topic, queue) as consecutive records with consecutive queue offsets; the
     * result names the first. All or none become visible.
     */
    CompletableFuture<PutResult> putBatch(List<MessageRecord> messages);

    /**
     * Reads up to {@code maxMessages} records from a queue starting at {@code queueOffset}, skipping
     * those the filter rejects. The body of the result is the stored records, byte for byte.
     */
    GetResult get(String topic, int queueId, long queueOffset, int maxMessages, MessageFilter filter);

    /**
     * The stored record at a commit-log offset, byte for byte; empty if no record starts there (the
     * offset must be a record's PHYSICALOFFSET, as decoded from an offset message id).
     */
    Optional<byte[]> lookup(long commitLogOffset);

    /** The record at a commit-log offset, decoded; empty if no record starts there. */
    default Optional<StoredMessage> lookupMessage(long commitLogOffset) {
        return lookup(commitLogOffset).map(bytes -> StoredMessageCodec.decode(ByteBuffer.wrap(bytes)));
    }

    /** Smallest queue offset still stored; 0 for an unknown queue. */
    long minOffset(String topic, int queueId);

    /** One past the last queue offset written; 0 for an unknown queue. */
    long maxOffset(String topic, int queueId);

    /**
     * The queue offset of the first message stored at or after {@code timestampMillis}, or the max
     * offset when there is none ({@link BoundaryType#LOWER}); the offset of the last message stored at
     * or before it, or the min offset when there is none ({@link BoundaryType#UPPER}). 0 for an
     * unknown queue.
     */
    long offsetByTimestamp(String topic, int queueId, long timestampMillis, BoundaryType boundary);

    /** Store time of the oldest message in the queue, or -1 when the queue is empty. */
    long earliestStoreTime(String topic, int queueId);

    /**
     * Forgets a topic's consume queues; its commit-log records stay (still reachable by
     * {@link #lookup}) but are never indexed again. A later put to the topic starts its queues at 0.
     */
    void deleteTopic(String topic);

    /**
     * Called each time a message becomes readable in a queue, on the thread that appended it, after the
     * append lock is released. Listeners must be quick and never block: they run on the send path.
     */
    void addArrivalListener(ArrivalListener listener);

    /** Flushes what is pending, writes the checkpoint and releases the files. */
    @Override
    void close();

    /** Notified when a queue grows. */
    @FunctionalInterface
    interface ArrivalListener {
        void arrived(String topic, int queueId, long queueOffset, long tagsCode);
    }
}
