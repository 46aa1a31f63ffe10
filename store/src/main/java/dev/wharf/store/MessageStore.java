package dev.wharf.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The broker's storage: an append-only commit log of records in RocketMQ's stored-message layout, and a
 * consume-queue index per (topic, queue) of fixed-size entries pointing into it.
 *
 * <p>Appends are serialised internally and may be called from any thread. With
 * {@link FlushPolicy#SYNC} the returned future completes only once the record is on disk (group
 * commit); with {@link FlushPolicy#ASYNC} as soon as it is in the mapped file. Reads never block on
 * appends.
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

    /** Appends one message; the store assigns queue offset, commit-log offset and store time. */
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

    /** The stored record at a commit-log offset, byte for byte; empty if there is none. */
    Optional<byte[]> lookup(long commitLogOffset);

    /** Smallest queue offset still stored; 0 for an unknown queue. */
    long minOffset(String topic, int queueId);

    /** One past the last queue offset written; 0 for an unknown queue. */
    long maxOffset(String topic, int queueId);

    /**
     * The queue offset of the first message stored at or after {@code timestampMillis} (the last one at
     * or before it for {@link BoundaryType#UPPER}).
     */
    long offsetByTimestamp(String topic, int queueId, long timestampMillis, BoundaryType boundary);

    /** Store time of the oldest message in the queue, or -1 when the queue is empty. */
    long earliestStoreTime(String topic, int queueId);

    /** Forgets a topic's consume queues (its commit-log records age out with their segments). */
    void deleteTopic(String topic);

    /** Called, off the append path, each time a message becomes readable in a queue. */
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
