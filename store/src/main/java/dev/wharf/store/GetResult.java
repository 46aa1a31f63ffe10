package dev.wharf.store;

/**
 * The answer to a queue read.
 *
 * @param status what was found
 * @param records the stored records concatenated, byte for byte (empty unless {@link GetStatus#FOUND})
 * @param messageCount number of records in {@code records}
 * @param nextBeginOffset where the next read of this queue should start
 * @param minOffset the queue's smallest stored offset
 * @param maxOffset one past the queue's last offset
 */
public record GetResult(
        GetStatus status, byte[] records, int messageCount, long nextBeginOffset, long minOffset, long maxOffset) {

    /** What a read found; each maps to one Remoting pull answer. */
    public enum GetStatus {
        /** At least one message. */
        FOUND,
        /** Messages exist from the offset on, but the filter took none of them. */
        NO_MATCHED_MESSAGE,
        /** The queue has no messages at all. */
        NO_MESSAGE_IN_QUEUE,
        /** The offset is exactly the end of the queue: nothing new yet. */
        OFFSET_OVERFLOW_ONE,
        /** The offset lies beyond the end of the queue. */
        OFFSET_OVERFLOW_BADLY,
        /** The offset lies before the first stored message. */
        OFFSET_TOO_SMALL
    }
}
