package dev.wharf.broker.processor;

import dev.wharf.broker.lock.QueueLockManager;
import dev.wharf.broker.protocol.Json;
import dev.wharf.broker.protocol.LockBatchRequest;
import dev.wharf.broker.protocol.LockBatchResponse;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.concurrent.CompletableFuture;

/** LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42): queue ownership for orderly consumers. */
public final class QueueLockProcessor implements RequestProcessor {

    private final QueueLockManager locks;

    public QueueLockProcessor(QueueLockManager locks) {
        this.locks = locks;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        boolean lock = request.code() == RequestCode.LOCK_BATCH_MQ;
        LockBatchRequest body = Json.read(request.body(), LockBatchRequest.class,
                lock ? "LockBatchRequestBody" : "UnlockBatchRequestBody");
        if (body.consumerGroup() == null || body.clientId() == null) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "the lock body needs consumerGroup and clientId");
        }
        if (!lock) {
            locks.unlock(body.consumerGroup(), body.clientId(), body.mqSet());
            return Replies.success(request);
        }
        LockBatchResponse locked = new LockBatchResponse(
                locks.lock(body.consumerGroup(), body.clientId(), body.mqSet()));
        return Replies.success(request, Json.write(locked));
    }
}
