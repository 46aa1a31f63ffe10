package dev.wharf.broker.pop;

import dev.wharf.message.StoredMessage;

/**
 * How the revive service reads the original of a message to bring back. The answer is tri-state, the
 * lesson of Apache RocketMQ issue 8460: only {@link Read.Gone} lets a message be dropped; any other
 * failure is {@link Read.NotNow} and is retried with backoff.
 *
 * <pre>{@code
 * switch (reader.read("orders", 0, 42)) {
 *     case Read.Found found -> retry(found.message());
 *     case Read.Gone gone -> drop(gone.reason());
 *     case Read.NotNow notNow -> later(notNow.reason());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface OriginalMessageReader {

    /** Reads the message at a queue offset; never throws for a failed read (but callers guard anyway). */
    Read read(String topic, int queueId, long queueOffset);

    /** What a read found. */
    sealed interface Read {

        /** The message. */
        record Found(StoredMessage message) implements Read {}

        /** The message is gone for good (below the queue's first offset, or its topic deleted). */
        record Gone(String reason) implements Read {}

        /** The message could not be read now (transient failure, store not readable yet …). */
        record NotNow(String reason) implements Read {}
    }
}
