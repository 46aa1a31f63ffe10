package dev.wharf.broker.processor;

import dev.wharf.store.BoundaryType;
import dev.wharf.store.MessageStore;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * A queue's bounds and time index: SEARCH_OFFSET_BY_TIMESTAMP (29), GET_MAX_OFFSET (30), GET_MIN_OFFSET (31)
 * and GET_EARLIEST_MSG_STORETIME (32).
 */
public final class QueueOffsetProcessor implements RequestProcessor {

    private final MessageStore store;
    private final QueueAccess access;

    public QueueOffsetProcessor(MessageStore store, QueueAccess access) {
        this.store = store;
        this.access = access;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        HeaderReader header = HeaderReader.of(request);
        String topic = header.requiredString("topic");
        int queueId = header.requiredInt("queueId");
        access.queue(topic, queueId);
        RemotingCommand.Builder answer = RemotingCommand.responseTo(request, ResponseCode.SUCCESS);
        switch (request.code()) {
            case RequestCode.GET_MAX_OFFSET -> answer.extField("offset", store.maxOffset(topic, queueId));
            case RequestCode.GET_MIN_OFFSET -> answer.extField("offset", store.minOffset(topic, queueId));
            case RequestCode.GET_EARLIEST_MSG_STORETIME ->
                    answer.extField("timestamp", store.earliestStoreTime(topic, queueId));
            default -> answer.extField("offset", store.offsetByTimestamp(
                    topic, queueId, header.requiredLong("timestamp"), boundary(header.optionalString("boundaryType"))));
        }
        return Replies.completed(answer.build());
    }

    private static BoundaryType boundary(String value) {
        if (value == null) {
            return BoundaryType.LOWER;
        }
        try {
            return BoundaryType.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "boundaryType must be lower or upper, got '" + value + "'");
        }
    }
}
