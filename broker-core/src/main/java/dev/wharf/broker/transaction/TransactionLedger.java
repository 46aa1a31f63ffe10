package dev.wharf.broker.transaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.protocol.Json;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the broker knows about the half messages from {@link #halfProgress()} on: which are resolved (and how
 * far), and how often each unresolved one was checked back. Everything below {@code halfProgress} is
 * finished and forgotten.
 *
 * <p>Kept in {@code transactions.json}: the half progress, the op-queue offset from which the ops of every
 * half at or above it can be replayed ({@code opProgress}), and the check counts. The two offsets are taken
 * so they always agree: the op end is read before the resolutions are looked at, and a resolution's op
 * offset is a lower bound read before its first op is appended. A stale file is therefore only older, never
 * wrong: restart replays a little more.
 */
public final class TransactionLedger {

    /** How a half message was resolved. */
    public enum Outcome { COMMIT, ROLLBACK }

    /** How far a resolution got. */
    public enum Stage {
        /** Its ops and delivery are being written right now. */
        IN_PROGRESS,
        /** Decided, but a write failed or a crash interrupted it: to be finished. */
        INCOMPLETE,
        /** Every op and the delivery are stored. */
        DONE
    }

    /** The resolution of one half; its stage moves to DONE exactly once. */
    public static final class Resolution {
        private final Outcome outcome;
        private final long opOffset;
        private final AtomicReference<Stage> stage;

        Resolution(Outcome outcome, long opOffset, Stage stage) {
            this.outcome = outcome;
            this.opOffset = opOffset;
            this.stage = new AtomicReference<>(stage);
        }

        public Outcome outcome() {
            return outcome;
        }

        public Stage stage() {
            return stage.get();
        }

        /** Takes an INCOMPLETE resolution for finishing; false when someone else has it or it is done. */
        boolean takeForRetry() {
            return stage.compareAndSet(Stage.INCOMPLETE, Stage.IN_PROGRESS);
        }

        void moveTo(Stage next) {
            stage.set(next);
        }
    }

    private final MetadataFile file;
    private final Map<Long, Resolution> resolutions = new ConcurrentHashMap<>();
    private final Map<Long, Integer> checks = new ConcurrentHashMap<>();
    private volatile long halfProgress;
    private volatile long opProgress;

    public TransactionLedger(MetadataFile file) {
        this.file = file;
    }

    /** Reads {@code transactions.json}, if it was ever written. */
    public void load() {
        file.read().ifPresent(content -> {
            JsonNode json = Json.readFile(content, file.path().toString());
            halfProgress = json.path("halfProgress").asLong(0);
            opProgress = json.path("opProgress").asLong(0);
            json.path("checks").fields().forEachRemaining(entry ->
                    checks.put(Long.parseLong(entry.getKey()), entry.getValue().asInt()));
        });
    }

    /** The lowest half offset that may still be unresolved. */
    public long halfProgress() {
        return halfProgress;
    }

    /** Where replay of the op queue starts after a restart. */
    public long opProgress() {
        return opProgress;
    }

    /**
     * Claims the resolution of a half for {@code outcome}. Returns empty when the claim is taken; else the
     * resolution that got there first or, for a half the progress moved past meanwhile (finished and
     * forgotten), a finished resolution taken to agree with {@code outcome}.
     *
     * @param opLowerBound the op queue's end, read before any op of this resolution is appended
     */
    public Optional<Resolution> claim(long halfOffset, Outcome outcome, long opLowerBound) {
        Resolution mine = new Resolution(outcome, opLowerBound, Stage.IN_PROGRESS);
        Resolution existing = resolutions.putIfAbsent(halfOffset, mine);
        if (existing != null) {
            return Optional.of(existing);
        }
        // advance() moves the progress before it forgets: a claim landing after the forgetting sees it here.
        if (halfOffset < halfProgress) {
            resolutions.remove(halfOffset, mine);
            return Optional.of(new Resolution(outcome, opLowerBound, Stage.DONE));
        }
        checks.remove(halfOffset);
        return Optional.empty();
    }

    /** The resolution of a half, if it has one and is at or above the progress. */
    public Optional<Resolution> resolution(long halfOffset) {
        return Optional.ofNullable(resolutions.get(halfOffset));
    }

    /** Records what replaying an op said about a half; ops below the progress are about forgotten halves. */
    void replayed(long halfOffset, OpLog.Op op) {
        if (halfOffset < halfProgress) {
            return;
        }
        Resolution known = resolutions.get(halfOffset);
        if (op.kind() == OpLog.Op.Kind.COMMITTING) {
            if (known == null) {
                resolutions.put(halfOffset, new Resolution(Outcome.COMMIT, op.queueOffset(), Stage.INCOMPLETE));
            }
        } else if (known == null) {
            resolutions.put(halfOffset, new Resolution(Outcome.ROLLBACK, op.queueOffset(), Stage.DONE));
        } else {
            known.moveTo(Stage.DONE);
        }
        checks.remove(halfOffset);
    }

    /** Half offsets whose resolution must still be finished. */
    public Iterable<Long> incomplete() {
        return resolutions.entrySet().stream()
                .filter(entry -> entry.getValue().stage() == Stage.INCOMPLETE)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** How many times a half was checked back. */
    public int checks(long halfOffset) {
        return checks.getOrDefault(halfOffset, 0);
    }

    /** Counts one more check of a half. */
    public void countCheck(long halfOffset) {
        checks.merge(halfOffset, 1, Integer::sum);
    }

    /** Moves the progress up to {@code lowestUnfinished} and forgets everything below it. */
    public void advance(long lowestUnfinished) {
        if (lowestUnfinished <= halfProgress) {
            return;
        }
        halfProgress = lowestUnfinished;
        resolutions.keySet().removeIf(offset -> offset < lowestUnfinished);
        checks.keySet().removeIf(offset -> offset < lowestUnfinished);
    }

    /**
     * Writes the progress and the check counts.
     *
     * @param opEnd the op queue's end, read by the caller before this call
     */
    public synchronized void persist(long opEnd) {
        long half = halfProgress;
        long op = opEnd;
        for (Map.Entry<Long, Resolution> entry : resolutions.entrySet()) {
            if (entry.getKey() >= half) {
                op = Math.min(op, entry.getValue().opOffset);
            }
        }
        opProgress = op;
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("halfProgress", half);
        json.put("opProgress", op);
        ObjectNode counts = json.putObject("checks");
        new TreeMap<>(checks).forEach((offset, count) -> counts.put(Long.toString(offset), count));
        file.write(Json.write(json));
    }
}
