package dev.wharf.broker.processor;

import dev.wharf.broker.offset.ConsumerOffsetManager;
import dev.wharf.store.MessageStore;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.concurrent.CompletableFuture;

/**
 * QUERY_CONSUMER_OFFSET (14) and UPDATE_CONSUMER_OFFSET (15): a group's committed position in a queue.
 * A group that never committed is told to start at 0 while the queue still holds its first message, else
 * {@link ResponseCode#QUERY_NOT_FOUND}, so the client applies its {@code consumeFromWhere}.
 */
public final class ConsumerOffsetProcessor implements RequestProcessor {

    private final MessageStore store;
    private final QueueAccess access;
    private final ConsumerOffsetManager offsets;

    public ConsumerOffsetProcessor(MessageStore store, QueueAccess access, ConsumerOffsetManager offsets) {
        this.store = store;
        this.access = access;
        this.offsets = offsets;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        HeaderReader header = HeaderReader.of(request);
        String group = header.requiredString("consumerGroup");
        String topic = header.requiredString("topic");
        int queueId = header.requiredInt("queueId");
        access.queue(topic, queueId);
        access.group(group);
        return request.code() == RequestCode.UPDATE_CONSUMER_OFFSET
                ? update(request, header, group, topic, queueId)
                : query(request, header, group, topic, queueId);
    }

    private CompletableFuture<RemotingCommand> update(
            RemotingCommand request, HeaderReader header, String group, String topic, int queueId) {
        long offset = header.requiredLong("commitOffset");
        if (offset < 0) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "commitOffset must not be negative, got " + offset);
        }
        offsets.commit(group, topic, queueId, offset);
        return Replies.success(request);
    }

    private CompletableFuture<RemotingCommand> query(
            RemotingCommand request, HeaderReader header, String group, String topic, int queueId) {
        long offset = offsets.query(group, topic, queueId);
        if (offset >= 0) {
            return found(request, offset);
        }
        String setZero = header.optionalString("setZeroIfNotFound");
        if (setZero != null && !Boolean.parseBoolean(setZero)) {
            return Replies.error(request, ResponseCode.QUERY_NOT_FOUND,
                    "Not found, do not set to zero, maybe this group boot first");
        }
        if (store.minOffset(topic, queueId) <= 0) {
            return found(request, 0);
        }
        return Replies.error(request, ResponseCode.QUERY_NOT_FOUND,
                "Not found, maybe this group consumer boot first");
    }

    private static CompletableFuture<RemotingCommand> found(RemotingCommand request, long offset) {
        return Replies.completed(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("offset", offset)
                .build());
    }
}
