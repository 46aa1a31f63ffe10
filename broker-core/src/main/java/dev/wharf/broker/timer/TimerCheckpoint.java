package dev.wharf.broker.timer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.metadata.MetadataFile;
import dev.wharf.broker.protocol.Json;

/**
 * How far the timer got, as of {@code takenAt}: every held message below timer-queue offset
 * {@code indexedUpTo} is in a bucket file, and every one of those due at or before {@code deliveredUpTo}
 * was appended to its real queue. Kept in {@code timerCheckpoint.json}, written atomically.
 *
 * <p>What happened after {@code takenAt} is not recorded; a restart after a crash re-reads the timer queue
 * from {@code indexedUpTo} and, for messages that fell due meanwhile, looks in their real queues among the
 * messages stored since {@code takenAt} for a delivery the checkpoint does not know of.
 *
 * @param indexedUpTo first timer-queue offset not known to be in a bucket file
 * @param deliveredUpTo every indexed message due at or before this epoch millisecond was delivered
 * @param takenAt the epoch millisecond this state was captured; deliveries after it are not in it
 */
record TimerCheckpoint(long indexedUpTo, long deliveredUpTo, long takenAt) {

    /** The state of a timer that never ran: nothing indexed, nothing delivered. */
    static final TimerCheckpoint INITIAL = new TimerCheckpoint(0, 0, 0);

    /** Whether this checkpoint records the message as delivered. */
    boolean delivered(TimerEntry entry) {
        return entry.queueOffset() < indexedUpTo && entry.deliverAt() <= deliveredUpTo;
    }

    static TimerCheckpoint read(MetadataFile file) {
        return file.read().map(content -> {
            JsonNode json = Json.readFile(content, file.path().toString());
            return new TimerCheckpoint(json.path("indexedUpTo").asLong(), json.path("deliveredUpTo").asLong(),
                    json.path("takenAt").asLong());
        }).orElse(INITIAL);
    }

    void write(MetadataFile file) {
        ObjectNode json = Json.mapper().createObjectNode()
                .put("indexedUpTo", indexedUpTo)
                .put("deliveredUpTo", deliveredUpTo)
                .put("takenAt", takenAt);
        file.write(Json.write(json));
    }
}
