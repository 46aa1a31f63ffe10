package dev.wharf.store;

/**
 * Where an append landed.
 *
 * @param commitLogOffset physical offset of the (first) record
 * @param queueOffset logical offset of the (first) message in its queue
 * @param messageCount how many messages were appended
 * @param storeTimestamp store time written into the record(s)
 * @param offsetMessageIds offset message id of each message, in order (RocketMQ's {@code msgId})
 */
public record PutResult(
        long commitLogOffset, long queueOffset, int messageCount, long storeTimestamp, java.util.List<String> offsetMessageIds) {}
