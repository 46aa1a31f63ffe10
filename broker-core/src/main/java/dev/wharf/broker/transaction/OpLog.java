package dev.wharf.broker.transaction;

import dev.wharf.broker.topic.TopicNames;
import dev.wharf.store.GetResult;
import dev.wharf.store.MessageFilter;
import dev.wharf.message.MessageRecord;
import dev.wharf.store.MessageStore;
import dev.wharf.store.PutResult;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of how half messages were resolved: queue 0 of {@code RMQ_SYS_TRANS_OP_HALF_TOPIC}.
 * Each op's body names half-queue offsets in Apache RocketMQ's form ({@code "17,"}; several concatenated).
 * Tag {@code d} ("done", upstream's tag) says the half is finished: rolled back, or committed and delivered.
 * Tag {@code c} is written before a commit delivers, so a commit interrupted by a crash is finished on
 * restart instead of being lost: a {@code c} without a later {@code d} is a commit still to complete.
 *
 * <pre>{@code
 * ops.append(Op.Kind.COMMITTING, 17).thenCompose(ok -> deliver()).thenCompose(ok -> ops.append(Op.Kind.DONE, 17));
 * ops.replay(from, op -> ...);
 * }</pre>
 */
public final class OpLog {

    private static final Logger log = LoggerFactory.getLogger(OpLog.class);
    private static final int BATCH = 64;

    /**
     * One op record.
     *
     * @param queueOffset where it lies in the op queue
     * @param storeTimestamp when it was stored
     * @param kind what it says
     * @param halfOffsets the half-queue offsets it is about
     */
    public record Op(long queueOffset, long storeTimestamp, Kind kind, List<Long> halfOffsets) {

        /** What an op record says about its halves. */
        public enum Kind {
            /** A commit was decided and is being delivered (tag {@code c}). */
            COMMITTING("c"),
            /** Finished: rolled back, or committed and delivered (tag {@code d}). */
            DONE("d");

            private final String tag;

            Kind(String tag) {
                this.tag = tag;
            }

            static Kind ofTag(String tag) {
                return "c".equals(tag) ? COMMITTING : DONE;
            }
        }
    }

    private final MessageStore store;

    public OpLog(MessageStore store) {
        this.store = store;
    }

    /** Appends one op about one half. */
    public CompletableFuture<PutResult> append(Op.Kind kind, long halfOffset) {
        MessageRecord op = MessageRecord.builder(TopicNames.TRANS_OP_TOPIC, 0)
                .body((halfOffset + ",").getBytes(StandardCharsets.US_ASCII))
                .property(MessageProperties.TAGS, kind.tag)
                .property(MessageProperties.WAIT_STORE_MSG_OK, "true")
                .build();
        try {
            return store.put(op);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** One past the last op: every op appended from now on lies at or after it. */
    public long end() {
        return store.maxOffset(TopicNames.TRANS_OP_TOPIC, 0);
    }

    /** Hands every op from {@code fromOffset} to the end to {@code action}, in order. */
    public void replay(long fromOffset, Consumer<Op> action) {
        long offset = Math.max(fromOffset, store.minOffset(TopicNames.TRANS_OP_TOPIC, 0));
        while (true) {
            GetResult got = store.get(TopicNames.TRANS_OP_TOPIC, 0, offset, BATCH, MessageFilter.ALL);
            if (got.status() != GetResult.GetStatus.FOUND) {
                return;
            }
            for (StoredMessage record : StoredMessageCodec.decodeAll(got.records())) {
                action.accept(new Op(record.queueOffset(), record.storeTimestamp(),
                        Op.Kind.ofTag(record.tags()), halfOffsets(record)));
            }
            offset = got.nextBeginOffset();
        }
    }

    private static List<Long> halfOffsets(StoredMessage record) {
        List<Long> offsets = new ArrayList<>();
        for (String part : new String(record.body(), StandardCharsets.US_ASCII).split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                offsets.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                log.warn("op record at offset {} names '{}', not a half offset; ignored", record.queueOffset(), part);
            }
        }
        return offsets;
    }
}
