package dev.wharf.broker.pop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.broker.processor.QueueAccess;
import dev.wharf.broker.protocol.Json;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACK_MESSAGE (200051) and BATCH_ACK_MESSAGE (200151): a popped message was consumed. A normal pop's ack
 * is written to the revive log against its checkpoint so the message is not brought back; a FIFO pop's
 * ack ({@code reviveQid} 999) moves the group's consumer offset and may free the queue for the next batch.
 * An ack of a message that is no longer in flight (already acknowledged or brought back) succeeds and
 * changes nothing.
 *
 * <p>The batch body is {@code {"acks":[{"c","t","r","so","q","rq","pt","it","b"}]}}, {@code b} being a
 * base64 {@code BitSet} whose bit i acks offset {@code so + i}; the long field names are read too.
 */
public final class AckMessageProcessor implements RequestProcessor {

    private static final Logger log = LoggerFactory.getLogger(AckMessageProcessor.class);

    private final QueueAccess access;
    private final AckTarget target;
    private final CheckpointStore checkpoints;
    private final FifoPop fifo;
    private final PopLongPolling polling;
    private final String brokerName;

    AckMessageProcessor(QueueAccess access, AckTarget target, CheckpointStore checkpoints, FifoPop fifo,
            PopLongPolling polling, String brokerName) {
        this.brokerName = brokerName;
        this.access = access;
        this.target = target;
        this.checkpoints = checkpoints;
        this.fifo = fifo;
        this.polling = polling;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        CompletableFuture<Void> acked = request.code() == RequestCode.BATCH_ACK_MESSAGE
                ? batchAck(request)
                : ack(request);
        return acked.thenApply(ignored -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
    }

    private CompletableFuture<Void> ack(RemotingCommand request) {
        HeaderReader header = HeaderReader.of(request);
        String group = access.group(header.requiredString("consumerGroup")).groupName();
        ExtraInfo receipt = ExtraInfo.parse(header.requiredString("extraInfo"));
        String realTopic = receipt.realTopic(header.requiredString("topic"), group);
        int queueId = header.requiredInt("queueId");
        long offset = header.requiredLong("offset");
        target.check(realTopic, queueId, offset);
        return acknowledge(realTopic, group, queueId, receipt.ckStartOffset(), receipt.popTime(), receipt.reviveQid(),
                new long[] {offset});
    }

    private CompletableFuture<Void> batchAck(RemotingCommand request) {
        JsonNode body = Json.readTree(request.body(), "batch ack");
        JsonNode acks = body.path("acks");
        if (!acks.isArray() || acks.isEmpty()) {
            throw new RemotingCommandException(ResponseCode.NO_MESSAGE, "the batch ack holds no acks");
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (JsonNode ack : acks) {
            String group = text(ack, "c", "consumerGroup");
            String retry = text(ack, "r", "retry");
            long startOffset = number(ack, "so", "startOffset");
            int queueId = (int) number(ack, "q", "queueId");
            String realTopic = new ExtraInfo(startOffset, 0, 0, 0, retry.isEmpty() ? ExtraInfo.NORMAL : retry,
                    "", queueId, -1).realTopic(text(ack, "t", "topic"), group);
            long[] offsets = offsets(startOffset, text(ack, "b", "bitSet"));
            try {
                access.group(group);
                for (long offset : offsets) {
                    target.check(realTopic, queueId, offset);
                }
            } catch (RemotingCommandException e) {
                // One bad entry must not void the others, as in RocketMQ: it is skipped.
                log.debug("skipping batch ack entry of {}/{}: {}", realTopic, queueId, e.getMessage());
                continue;
            }
            all.add(acknowledge(realTopic, group, queueId, startOffset, number(ack, "pt", "popTime"),
                    (int) number(ack, "rq", "reviveQueueId"), offsets));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> acknowledge(String realTopic, String group, int queueId, long startOffset,
            long popTime, int reviveQid, long[] offsets) {
        if (reviveQid == ExtraInfo.ORDERLY_REVIVE_QID) {
            boolean changed = false;
            for (long offset : offsets) {
                changed |= fifo.ack(realTopic, group, queueId, offset);
            }
            if (changed) {
                polling.wake(realTopic);
            }
            return CompletableFuture.completedFuture(null);
        }
        // Checkpoints are keyed by this broker's name: a receipt carries the name the client's route used.
        CheckpointKey key = new CheckpointKey(realTopic, group, queueId, startOffset, popTime, brokerName);
        return checkpoints.ack(key, offsets);
    }

    private static long[] offsets(long startOffset, String base64) {
        BitSet bits;
        try {
            bits = BitSet.valueOf(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "the batch ack bit set '" + base64 + "' is not base64");
        }
        return bits.stream().mapToLong(bit -> startOffset + bit).toArray();
    }

    private static String text(JsonNode ack, String shortName, String longName) {
        JsonNode value = ack.has(shortName) ? ack.get(shortName) : ack.path(longName);
        return value.isNull() || value.isMissingNode() ? "" : value.asText();
    }

    private static long number(JsonNode ack, String shortName, String longName) {
        return (ack.has(shortName) ? ack.get(shortName) : ack.path(longName)).asLong();
    }
}
