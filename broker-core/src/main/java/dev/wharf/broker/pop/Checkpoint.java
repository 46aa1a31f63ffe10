package dev.wharf.broker.pop;

import java.util.Arrays;
import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * One popped batch whose messages are not all acknowledged yet: which queue offsets it holds, which of
 * them are done (acknowledged, or revived), and when the revive service looks at it next. Its durable
 * form is the latest checkpoint record in the revive log plus the ack records after it.
 *
 * <p>Thread-safe: acks arrive on request threads while the revive service works on the same checkpoint.
 */
final class Checkpoint {

    private final CheckpointKey key;
    private final long invisibleTime;
    private final long[] offsets;
    private final BitSet done = new BitSet();
    private long reviveTime;
    private int rePutCount;
    private long logOffset = -1;

    Checkpoint(CheckpointKey key, long invisibleTime, long[] offsets, long reviveTime, int rePutCount) {
        this.key = key;
        this.invisibleTime = invisibleTime;
        this.offsets = offsets.clone();
        this.reviveTime = reviveTime;
        this.rePutCount = rePutCount;
    }

    CheckpointKey key() {
        return key;
    }

    long invisibleTime() {
        return invisibleTime;
    }

    /** The queue offsets of the batch, in pop order. */
    long[] offsets() {
        return offsets.clone();
    }

    /** Where in the batch a queue offset lies, or -1. */
    int indexOf(long queueOffset) {
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] == queueOffset) {
                return i;
            }
        }
        return -1;
    }

    synchronized boolean isDone(int index) {
        return done.get(index);
    }

    /** Marks offsets done; answers whether every offset of the batch is done now. */
    synchronized boolean markDone(long... queueOffsets) {
        for (long offset : queueOffsets) {
            int index = indexOf(offset);
            if (index >= 0) {
                done.set(index);
            }
        }
        return isComplete();
    }

    /** Marks done what a bitmap of batch positions says (bit i = the i-th offset). */
    synchronized boolean markDoneBits(long bitmap) {
        for (int i = 0; i < offsets.length && i < Long.SIZE; i++) {
            if ((bitmap & (1L << i)) != 0) {
                done.set(i);
            }
        }
        return isComplete();
    }

    synchronized boolean isComplete() {
        return done.cardinality() >= offsets.length;
    }

    /** The offsets still waiting for an ack. */
    synchronized long[] pending() {
        return IntStream.range(0, offsets.length).filter(i -> !done.get(i)).mapToLong(i -> offsets[i]).toArray();
    }

    /** The done positions as a bitmap, bit i for the i-th offset. */
    synchronized long doneBits() {
        long bits = 0;
        for (int i = done.nextSetBit(0); i >= 0 && i < Long.SIZE; i = done.nextSetBit(i + 1)) {
            bits |= 1L << i;
        }
        return bits;
    }

    synchronized long reviveTime() {
        return reviveTime;
    }

    synchronized int rePutCount() {
        return rePutCount;
    }

    /** Moves the next revive attempt later after failed reads; the count survives restarts in the log. */
    synchronized void reschedule(long newReviveTime, int newRePutCount) {
        this.reviveTime = newReviveTime;
        this.rePutCount = newRePutCount;
    }

    /** The revive-log queue offset of this checkpoint's latest record. */
    synchronized long logOffset() {
        return logOffset;
    }

    synchronized void logOffset(long offset) {
        this.logOffset = offset;
    }

    @Override
    public synchronized String toString() {
        return key.topic() + "@" + key.group() + "@" + key.queueId() + " offsets " + Arrays.toString(offsets)
                + " popped at " + key.popTime() + " done " + done;
    }
}
