package dev.wharf.broker.pop;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The batch a FIFO pop handed out from one queue and not yet fully acknowledged: while any of its
 * un-acked messages is still invisible the queue is blocked for the group. Not thread-safe: used under
 * the queue's pop lock.
 */
final class OrderBatch {

    final long popTime;
    final long invisibleTime;
    final String attemptId;
    final long[] offsets;
    /** Deliveries before this one, per offset (the {@code orderCountInfo} the client reads). */
    final int[] counts;
    /** When each message becomes visible again (change-invisible-time moves one). */
    final long[] visibleAt;
    final BitSet acked = new BitSet();
    /** Where the read after this batch continues once every message is acknowledged. */
    final long nextOffset;

    OrderBatch(long popTime, long invisibleTime, String attemptId, long[] offsets, int[] counts, long nextOffset) {
        this.popTime = popTime;
        this.invisibleTime = invisibleTime;
        this.attemptId = attemptId;
        this.offsets = offsets;
        this.counts = counts;
        this.visibleAt = new long[offsets.length];
        Arrays.fill(visibleAt, popTime + invisibleTime);
        this.nextOffset = nextOffset;
    }

    int indexOf(long offset) {
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] == offset) {
                return i;
            }
        }
        return -1;
    }

    boolean allAcked() {
        return acked.cardinality() >= offsets.length;
    }

    /**
     * Until when the batch blocks its queue as seen at {@code now}: the latest visibility time of an
     * un-acked message still invisible, or 0 when none is.
     */
    long blockedUntil(long now) {
        long until = 0;
        for (int i = 0; i < offsets.length; i++) {
            if (!acked.get(i) && visibleAt[i] > now) {
                until = Math.max(until, visibleAt[i]);
            }
        }
        return until;
    }

    /** The offset the group has consumed up to: the first un-acked one, or past the batch. */
    long consumedUpTo() {
        int first = acked.nextClearBit(0);
        return first < offsets.length ? offsets[first] : nextOffset;
    }
}
