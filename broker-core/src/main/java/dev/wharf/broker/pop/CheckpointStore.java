package dev.wharf.broker.pop;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open checkpoints of normal (not FIFO) pops: an in-memory index over the {@link ReviveLog}. Every
 * change is written to the log first and applied to the index once appended, so replaying the log
 * rebuilds the index a crash lost.
 *
 * <pre>{@code
 * checkpoints.open(key, 60_000, new long[] {12, 13}).join();
 * checkpoints.ack(key, 12).join();
 * checkpoints.due(clock.millis());   // checkpoints whose invisible time is over
 * }</pre>
 */
final class CheckpointStore {

    private final ReviveLog log;
    private final Map<CheckpointKey, Checkpoint> open = new ConcurrentHashMap<>();

    CheckpointStore(ReviveLog log) {
        this.log = log;
    }

    /**
     * Writes a checkpoint for a popped batch and indexes it; it falls due at {@code popTime + invisibleTime}.
     * The future fails, and nothing is indexed, when the record cannot be written.
     */
    CompletableFuture<Checkpoint> open(CheckpointKey key, long invisibleTime, long[] offsets) {
        Checkpoint checkpoint = new Checkpoint(key, invisibleTime, offsets, key.popTime() + invisibleTime, 0);
        // The record lands at or after today's end: a safe lower bound until the append reports its offset.
        checkpoint.logOffset(log.endOffset());
        open.put(key, checkpoint);
        return log.writeCheckpoint(checkpoint).handle((logOffset, failure) -> {
            if (failure != null) {
                open.remove(key, checkpoint);
                throw new IllegalStateException("the checkpoint of " + checkpoint + " could not be written", failure);
            }
            checkpoint.logOffset(logOffset);
            return checkpoint;
        });
    }

    boolean isOpen(CheckpointKey key) {
        return open.containsKey(key);
    }

    /** Whether the checkpoint is open and still waits for an ack of {@code queueOffset}. */
    boolean isPending(CheckpointKey key, long queueOffset) {
        Checkpoint checkpoint = open.get(key);
        if (checkpoint == null) {
            return false;
        }
        int index = checkpoint.indexOf(queueOffset);
        return index >= 0 && !checkpoint.isDone(index);
    }

    /**
     * Records acks of offsets of a batch. Offsets that are not pending (unknown checkpoint, already acked
     * or revived) are ignored: the message was dealt with.
     */
    CompletableFuture<Void> ack(CheckpointKey key, long... offsets) {
        Checkpoint checkpoint = open.get(key);
        if (checkpoint == null) {
            return CompletableFuture.completedFuture(null);
        }
        long[] pending = Arrays.stream(offsets).filter(offset -> isPending(key, offset)).toArray();
        return markDone(checkpoint, pending);
    }

    /** Records that offsets of a checkpoint were brought back (or are gone): they need no revive any more. */
    CompletableFuture<Void> markDone(Checkpoint checkpoint, long[] offsets) {
        if (offsets.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return log.writeAck(checkpoint.key(), offsets).thenAccept(ignored -> {
            if (checkpoint.markDone(offsets)) {
                open.remove(checkpoint.key(), checkpoint);
            }
        });
    }

    /** Moves a checkpoint's next revive attempt to {@code reviveTime}, durably, with its re-put count. */
    CompletableFuture<Void> reschedule(Checkpoint checkpoint, long reviveTime, int rePutCount) {
        checkpoint.reschedule(reviveTime, rePutCount);
        return log.writeCheckpoint(checkpoint).thenAccept(checkpoint::logOffset);
    }

    /** Open checkpoints due at {@code now}, earliest first. */
    List<Checkpoint> due(long now) {
        return open.values().stream()
                .filter(checkpoint -> checkpoint.reviveTime() <= now)
                .sorted(Comparator.comparingLong(Checkpoint::reviveTime))
                .toList();
    }

    int openCount() {
        return open.size();
    }

    /**
     * Where a replay must start to rebuild today's index: the oldest latest-record of an open checkpoint,
     * or the end of the log when none is open.
     */
    long replayStart() {
        long end = log.endOffset();
        return open.values().stream().mapToLong(Checkpoint::logOffset).reduce(end, Math::min);
    }

    /**
     * Rebuilds the index from the log, from {@code fromOffset} on; tells {@code popped} the queue offsets of
     * every checkpoint seen, so pop offsets never fall behind a batch that was popped.
     */
    void recover(long fromOffset, PoppedListener popped) {
        log.replay(fromOffset, entry -> {
            Checkpoint replayed = entry.checkpoint();
            replayed.logOffset(entry.logOffset());
            Checkpoint earlier = open.get(replayed.key());
            long doneBits = entry.doneBits() | (earlier == null ? 0 : earlier.doneBits());
            long[] offsets = replayed.offsets();
            if (offsets.length == 0) {
                return;
            }
            popped.popped(replayed.key(), offsets[offsets.length - 1]);
            if (replayed.markDoneBits(doneBits)) {
                open.remove(replayed.key());
            } else {
                open.put(replayed.key(), replayed);
            }
        }, ack -> {
            Checkpoint checkpoint = open.get(ack.key());
            if (checkpoint != null && checkpoint.markDone(ack.offsets())) {
                open.remove(ack.key());
            }
        });
    }

    /** Told, during recovery, the last queue offset of each batch a checkpoint records. */
    @FunctionalInterface
    interface PoppedListener {
        void popped(CheckpointKey key, long lastOffset);
    }
}
