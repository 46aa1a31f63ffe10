package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.PullMessageRequest;
import apache.rocketmq.v2.PullMessageResponse;
import apache.rocketmq.v2.Status;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.messaging.Filter;
import dev.wharf.transport.grpc.convert.GrpcCodes;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.grpc.convert.MessageViews;
import dev.wharf.transport.grpc.convert.Subscription;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * PullMessage, which Apache RocketMQ's proxy leaves unimplemented: one PULL_MESSAGE on the named queue from
 * the given offset, long-polling at the broker, answered as {status}, {message}…, {next_offset}. The
 * subscription travels with the pull, so the client needs no heartbeat; like RocketMQ's pull clients, the
 * gateway drops records whose tag string the subscription does not name (the broker matches hashes).
 * Offsets are the client's to keep (UpdateOffset); a pull commits nothing.
 */
final class PullRpcs {

    /** Pull flags: the broker may hold the request ({@code 0x2}), the subscription comes with it ({@code 0x4}). */
    private static final int SYS_FLAG_SUSPEND_WITH_SUBSCRIPTION = 0x2 | 0x4;

    private final ServiceContext context;
    private final OnPool onPool;

    PullRpcs(ServiceContext context) {
        this.context = context;
        this.onPool = new OnPool(context.pool());
    }

    void pullMessage(CallScope scope, PullMessageRequest request, StreamObserver<PullMessageResponse> stream) {
        GroupQueue queue = GroupQueue.of(request.getGroup(), request.getMessageQueue());
        long offset = GroupQueue.validOffset(request.getOffset());
        if (request.getBatchSize() < 1) {
            throw new GrpcStatusException(Code.BAD_REQUEST, "batch size must be at least 1, got "
                    + request.getBatchSize());
        }
        Filter subscription = request.hasFilterExpression()
                ? Subscription.of(request.getFilterExpression())
                : Filter.all();
        long polling = PollingTime.millis(
                request.hasLongPollingTimeout() ? request.getLongPollingTimeout() : null, scope.remainingMillis());
        RemotingCommand pull = queue.request(RequestCode.PULL_MESSAGE)
                .extField("queueOffset", offset)
                .extField("maxMsgNums", Math.min(request.getBatchSize(), ReceiveRpcs.MAX_BATCH))
                .extField("sysFlag", SYS_FLAG_SUSPEND_WITH_SUBSCRIPTION)
                .extField("commitOffset", 0L)
                .extField("suspendTimeoutMillis", polling)
                .extField("subscription", subscription.expression())
                .extField("expressionType", subscription.expressionType())
                .extField("subVersion", context.clock().millis())
                .build();
        context.broker().call(scope.requestContext(), pull).whenCompleteAsync((answer, failure) -> {
            try {
                if (failure != null) {
                    finish(stream, Calls.statusOf(failure));
                } else {
                    answer(answer, subscription, stream);
                }
            } catch (RuntimeException e) {
                finish(stream, Calls.statusOf(e));
            }
        }, onPool);
    }

    private static void answer(RemotingCommand answer, Filter subscription,
            StreamObserver<PullMessageResponse> stream) {
        switch (answer.code()) {
            case ResponseCode.SUCCESS -> found(answer, subscription, stream);
            case ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY ->
                    finish(stream, GrpcCodes.status(Code.MESSAGE_NOT_FOUND, "no new message"), nextOffset(answer));
            case ResponseCode.PULL_OFFSET_MOVED -> finish(stream, GrpcCodes.status(Code.ILLEGAL_OFFSET,
                    "the offset is outside the queue; continue from the next offset"), nextOffset(answer));
            default -> finish(stream, GrpcCodes.statusOf(answer));
        }
    }

    private static void found(RemotingCommand answer, Filter subscription,
            StreamObserver<PullMessageResponse> stream) {
        long next = nextOffset(answer);
        List<StoredMessage> records;
        try {
            records = StoredMessageCodec.decodeAll(answer.body());
        } catch (IllegalArgumentException unreadable) {
            throw new GrpcStatusException(Code.INTERNAL_SERVER_ERROR,
                    "the broker's pull answer is unreadable: " + unreadable.getMessage());
        }
        List<StoredMessage> wanted = records.stream().filter(record -> subscription.accepts(record.tags())).toList();
        if (wanted.isEmpty()) {
            finish(stream, GrpcCodes.status(Code.MESSAGE_NOT_FOUND, "no match message"), next);
            return;
        }
        stream.onNext(PullMessageResponse.newBuilder().setStatus(GrpcCodes.ok()).build());
        for (StoredMessage record : wanted) {
            stream.onNext(PullMessageResponse.newBuilder().setMessage(MessageViews.toMessage(record)).build());
        }
        stream.onNext(PullMessageResponse.newBuilder().setNextOffset(next).build());
        stream.onCompleted();
    }

    private static long nextOffset(RemotingCommand answer) {
        try {
            return HeaderReader.of(answer).requiredLong("nextBeginOffset");
        } catch (RuntimeException missing) {
            throw new GrpcStatusException(Code.INTERNAL_SERVER_ERROR,
                    "the broker's pull answer lacks the next offset: " + missing.getMessage());
        }
    }

    private static void finish(StreamObserver<PullMessageResponse> stream, Status status, long nextOffset) {
        stream.onNext(PullMessageResponse.newBuilder().setStatus(status).build());
        stream.onNext(PullMessageResponse.newBuilder().setNextOffset(nextOffset).build());
        stream.onCompleted();
    }

    private static void finish(StreamObserver<PullMessageResponse> stream, Status status) {
        stream.onNext(PullMessageResponse.newBuilder().setStatus(status).build());
        stream.onCompleted();
    }
}
