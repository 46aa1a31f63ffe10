package dev.wharf.messaging.admin;

/**
 * The offsets one queue of a topic holds.
 *
 * @param queueId the queue
 * @param minOffset its oldest message still stored
 * @param maxOffset one past its newest message
 * @param lastUpdateTimestamp store time of its newest message (ms); 0 when empty
 */
public record QueueOffsets(int queueId, long minOffset, long maxOffset, long lastUpdateTimestamp) {}
