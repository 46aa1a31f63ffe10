package dev.wharf.messaging;

import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.messaging.Delivery;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.QueueRead;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link dev.wharf.transport.spi.messaging.MessagingService#read}: one PULL_MESSAGE as a RocketMQ pull consumer
 * sends it, with the subscription {@code *} in the request (so no heartbeat is needed), no commit offset and no
 * suspension, on behalf of the group {@value #READER_GROUP}, which never stores a position. The answer's
 * {@code nextBeginOffset} and {@code maxOffset} say where to go on; an empty answer (nothing new, nothing
 * matched, an offset out of range) moves to {@code nextBeginOffset} like a pull consumer does.
 */
final class QueueReader {

    /** The group reads are made in: brokers want one, and it keeps no offsets, since reads commit none. */
    static final String READER_GROUP = "wharf_queue_reader";
    /** PULL_MESSAGE's {@code sysFlag}: the subscription travels in the request. */
    private static final int SUBSCRIPTION_IN_REQUEST = 0x4;

    private final CommandDispatcher broker;

    QueueReader(CommandDispatcher broker) {
        this.broker = broker;
    }

    /** @throws MessagingException BAD_REQUEST for a negative queue or offset, or a count outside 1..max */
    CompletableFuture<QueueRead> read(RequestContext context, String topic, int queueId, long offset, int maxMessages,
            int max) {
        if (queueId < 0 || offset < 0 || maxMessages < 1 || maxMessages > max) {
            throw new MessagingException(ErrorCode.BAD_REQUEST, "cannot read " + maxMessages + " messages of queue "
                    + queueId + " of " + topic + " from offset " + offset + ": the queue and offset must not be"
                    + " negative and the count must be within 1.." + max);
        }
        RemotingCommand pull = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .extField("consumerGroup", READER_GROUP)
                .extField("topic", topic)
                .extField("queueId", queueId)
                .extField("queueOffset", offset)
                .extField("maxMsgNums", maxMessages)
                .extField("sysFlag", SUBSCRIPTION_IN_REQUEST)
                .extField("commitOffset", 0L)
                .extField("suspendTimeoutMillis", 0L)
                .extField("subscription", "*")
                .extField("subVersion", 0L)
                .extField("expressionType", "TAG")
                .build();
        return broker.call(context, pull).thenApply(QueueReader::answer);
    }

    private static QueueRead answer(RemotingCommand answer) {
        if (answer == null) {
            throw new MessagingException(ErrorCode.INTERNAL_SERVER_ERROR, "the broker sent no answer to a pull");
        }
        List<Delivery> messages = switch (answer.code()) {
            case ResponseCode.SUCCESS -> decode(answer);
            case ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY, ResponseCode.PULL_OFFSET_MOVED ->
                    List.of();
            default -> throw BrokerRefusals.refusal(answer);
        };
        HeaderReader header = HeaderReader.of(answer);
        return new QueueRead(messages, header.requiredLong("nextBeginOffset"), header.requiredLong("maxOffset"));
    }

    private static List<Delivery> decode(RemotingCommand answer) {
        try {
            return StoredMessageCodec.decodeAll(answer.body()).stream().map(Deliveries::read).toList();
        } catch (IllegalArgumentException unreadable) {
            throw new MessagingException(ErrorCode.INTERNAL_SERVER_ERROR,
                    "the broker's pull answer is unreadable: " + unreadable.getMessage());
        }
    }
}
