package dev.wharf.broker.pop;

import dev.wharf.broker.topic.TopicNames;
import dev.wharf.message.MessageRecord;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The answer to POP_MESSAGE, as RocketMQ's clients decode it: the header fields {@code popTime},
 * {@code invisibleTime}, {@code reviveQid}, {@code restNum} (on every answer, found or not: clients decode
 * them either way), {@code startOffsetInfo}, {@code msgOffsetInfo} and, for FIFO pops,
 * {@code orderCountInfo}; the body is the stored records, those of a retry topic re-encoded under the
 * original topic with their receipt in {@code POP_CK}.
 */
final class PopResponse {

    private final String brokerName;
    private final Clock clock;

    PopResponse(String brokerName, Clock clock) {
        this.brokerName = brokerName;
        this.clock = clock;
    }

    /** An answer without messages (polling timeout, polling full, too late). */
    RemotingCommand empty(RemotingCommand request, PopRequestHeader header, int code, String remark) {
        return RemotingCommand.responseTo(request, code)
                .remark(remark)
                .extField("popTime", clock.millis())
                .extField("invisibleTime", header.invisibleTime())
                .extField("reviveQid", header.order() ? ExtraInfo.ORDERLY_REVIVE_QID : ReviveLog.REVIVE_QUEUE)
                .extField("restNum", 0)
                .build();
    }

    RemotingCommand found(RemotingCommand request, PopContext pop, List<QueuePop> popped, long rest) {
        boolean fifo = pop.header().order();
        int reviveQid = fifo ? ExtraInfo.ORDERLY_REVIVE_QID : ReviveLog.REVIVE_QUEUE;
        StringBuilder startOffsets = new StringBuilder();
        StringBuilder messageOffsets = new StringBuilder();
        StringBuilder orderCounts = new StringBuilder();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (QueuePop queuePop : popped) {
            String retry = ExtraInfo.retryFlag(queuePop.realTopic());
            String queue = retry + " " + queuePop.queueId();
            append(startOffsets, queue + " " + queuePop.startOffset());
            append(messageOffsets, queue + " " + queuePop.records().stream()
                    .map(record -> Long.toString(record.queueOffset())).collect(Collectors.joining(",")));
            if (queuePop.isFifo()) {
                int[] counts = queuePop.counts();
                int least = Integer.MAX_VALUE;
                for (int i = 0; i < counts.length; i++) {
                    append(orderCounts, retry + " qo" + queuePop.queueId() + "%" + queuePop.records().get(i).queueOffset()
                            + " " + counts[i]);
                    least = Math.min(least, counts[i]);
                }
                append(orderCounts, queue + " " + least);
            }
            boolean reencode = TopicNames.isRetryTopic(queuePop.realTopic());
            for (RecordSlice record : queuePop.records()) {
                if (reencode) {
                    body.writeBytes(underOriginalTopic(record, pop, queuePop, reviveQid));
                } else {
                    record.writeTo(body);
                }
            }
        }
        RemotingCommand.Builder response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("popTime", pop.popTime())
                .extField("invisibleTime", pop.header().invisibleTime())
                .extField("reviveQid", reviveQid)
                .extField("restNum", rest)
                .extField("startOffsetInfo", startOffsets.toString())
                .extField("msgOffsetInfo", messageOffsets.toString())
                .body(body.toByteArray());
        if (fifo) {
            response.extField("orderCountInfo", orderCounts.toString());
        }
        return response.build();
    }

    /** A retry-topic record as the client must see it: the original topic, and the receipt to ack it with. */
    private byte[] underOriginalTopic(RecordSlice record, PopContext pop, QueuePop queuePop, int reviveQid) {
        StoredMessage stored = record.decode();
        String receipt = ExtraInfo.format(queuePop.startOffset(), pop.popTime(), pop.header().invisibleTime(),
                reviveQid, queuePop.realTopic(), brokerName, queuePop.queueId(), stored.queueOffset());
        MessageRecord renamed = stored.toRecord().toBuilder()
                .topic(pop.header().topic())
                .property(MessageProperties.POP_CK, receipt)
                .build();
        byte[] encoded = StoredMessageCodec.encode(renamed, stored.storeHost());
        StoredMessageCodec.stamp(ByteBuffer.wrap(encoded), 0, stored.queueOffset(), stored.commitLogOffset(),
                stored.storeTimestamp());
        return encoded;
    }

    private static void append(StringBuilder info, String entry) {
        if (!info.isEmpty()) {
            info.append(';');
        }
        info.append(entry);
    }
}
