package dev.wharf.broker.pop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.broker.protocol.Json;
import dev.wharf.store.GetResult;
import dev.wharf.store.MessageFilter;
import dev.wharf.message.MessageRecord;
import dev.wharf.store.MessageStore;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable half of POP checkpoints: checkpoint ({@code ck}) and ack ({@code ack}, {@code bAck}) records
 * appended to the broker's revive topic {@code rmq_sys_REVIVE_LOG_<cluster>} in the message store, so the
 * store's own crash recovery covers them, and replayed from a progress offset at start. The bodies are
 * RocketMQ's JSON shapes; a checkpoint record is a full snapshot (its done bitmap {@code bm}, re-put count
 * {@code rp} and next revive time {@code rt} included), so replay may start at a checkpoint's latest record.
 */
final class ReviveLog {

    /** The one revive queue: a single revive thread reads it, so RocketMQ's eight would only spread it thin. */
    static final int REVIVE_QUEUE = 0;
    static final String CHECKPOINT_TAG = "ck";
    static final String ACK_TAG = "ack";
    static final String BATCH_ACK_TAG = "bAck";
    private static final int REPLAY_BATCH = 32;
    private static final Logger log = LoggerFactory.getLogger(ReviveLog.class);

    /** A checkpoint record read back. */
    record CheckpointEntry(Checkpoint checkpoint, long doneBits, long logOffset) {}

    /** An ack record read back: offsets of a checkpoint's batch that need no revive any more. */
    record AckEntry(CheckpointKey key, long[] offsets) {}

    private final MessageStore store;
    private final String topic;

    ReviveLog(MessageStore store, String topic) {
        this.store = store;
        this.topic = topic;
    }

    String topic() {
        return topic;
    }

    /** One past the last record written. */
    long endOffset() {
        return store.maxOffset(topic, REVIVE_QUEUE);
    }

    /** Appends a snapshot of a checkpoint; completes with the record's revive-queue offset. */
    CompletableFuture<Long> writeCheckpoint(Checkpoint checkpoint) {
        CheckpointKey key = checkpoint.key();
        ObjectNode body = keyFields(key);
        body.put("it", checkpoint.invisibleTime());
        body.put("rq", REVIVE_QUEUE);
        long[] offsets = checkpoint.offsets();
        body.put("n", offsets.length);
        ArrayNode diffs = body.putArray("d");
        for (long offset : offsets) {
            diffs.add(offset - key.startOffset());
        }
        body.put("bm", checkpoint.doneBits());
        body.put("rp", checkpoint.rePutCount());
        body.put("rt", checkpoint.reviveTime());
        return append(CHECKPOINT_TAG, key.uniqueKey(key.startOffset(), CHECKPOINT_TAG), body);
    }

    /** Appends an ack of some offsets of a checkpoint's batch. */
    CompletableFuture<Long> writeAck(CheckpointKey key, long... offsets) {
        ObjectNode body = keyFields(key);
        body.put("ao", offsets[0]);
        if (offsets.length == 1) {
            return append(ACK_TAG, key.uniqueKey(offsets[0], ACK_TAG), body);
        }
        ArrayNode list = body.putArray("aol");
        for (long offset : offsets) {
            list.add(offset);
        }
        return append(BATCH_ACK_TAG, key.uniqueKey(offsets[0], BATCH_ACK_TAG), body);
    }

    /**
     * Reads every record from {@code fromOffset} to the end, in order. A record that cannot be parsed is
     * logged and skipped: it cannot be repaired, and the rest of the log must still be read.
     */
    void replay(long fromOffset, Consumer<CheckpointEntry> checkpoints, Consumer<AckEntry> acks) {
        long offset = Math.max(fromOffset, store.minOffset(topic, REVIVE_QUEUE));
        while (true) {
            GetResult got = store.get(topic, REVIVE_QUEUE, offset, REPLAY_BATCH, MessageFilter.ALL);
            if (got.status() != GetResult.GetStatus.FOUND) {
                return;
            }
            for (StoredMessage record : StoredMessageCodec.decodeAll(got.records())) {
                try {
                    dispatch(record, checkpoints, acks);
                } catch (RuntimeException e) {
                    log.error("skipping unreadable revive record at offset {} of {}: {}", record.queueOffset(), topic,
                            e.toString());
                }
            }
            offset = got.nextBeginOffset();
        }
    }

    private static void dispatch(StoredMessage record, Consumer<CheckpointEntry> checkpoints, Consumer<AckEntry> acks) {
        JsonNode body = Json.readFile(record.body(), "revive record");
        CheckpointKey key = new CheckpointKey(body.path("t").asText(), body.path("c").asText(), body.path("q").asInt(),
                body.path("so").asLong(), body.path("pt").asLong(), body.path("bn").asText());
        switch (String.valueOf(record.tags())) {
            case CHECKPOINT_TAG -> {
                long[] offsets = StreamSupport.stream(body.path("d").spliterator(), false)
                        .mapToLong(diff -> key.startOffset() + diff.asLong()).toArray();
                long invisibleTime = body.path("it").asLong();
                long reviveTime = body.path("rt").asLong(key.popTime() + invisibleTime);
                Checkpoint checkpoint = new Checkpoint(key, invisibleTime, offsets, reviveTime, body.path("rp").asInt());
                checkpoints.accept(new CheckpointEntry(checkpoint, body.path("bm").asLong(), record.queueOffset()));
            }
            case ACK_TAG -> acks.accept(new AckEntry(key, new long[] {body.path("ao").asLong()}));
            case BATCH_ACK_TAG -> acks.accept(new AckEntry(key,
                    StreamSupport.stream(body.path("aol").spliterator(), false).mapToLong(JsonNode::asLong).toArray()));
            default -> log.warn("ignoring revive record with unknown tag {} at offset {}", record.tags(),
                    record.queueOffset());
        }
    }

    private static ObjectNode keyFields(CheckpointKey key) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("so", key.startOffset());
        body.put("pt", key.popTime());
        body.put("q", key.queueId());
        body.put("t", key.topic());
        body.put("c", key.group());
        body.put("bn", key.brokerName());
        return body;
    }

    private CompletableFuture<Long> append(String tag, String uniqueKey, ObjectNode body) {
        MessageRecord record = MessageRecord.builder(topic, REVIVE_QUEUE)
                .body(Json.write(body))
                .property(MessageProperties.TAGS, tag)
                .property(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniqueKey)
                .build();
        try {
            return store.put(record).thenApply(put -> put.queueOffset());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
