package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.GetOffsetRequest;
import apache.rocketmq.v2.GetOffsetResponse;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.QueryOffsetRequest;
import apache.rocketmq.v2.QueryOffsetResponse;
import apache.rocketmq.v2.UpdateOffsetRequest;
import apache.rocketmq.v2.UpdateOffsetResponse;
import dev.wharf.messaging.ResourceNames;
import dev.wharf.transport.grpc.convert.GrpcCodes;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.grpc.convert.MessageQueues;
import dev.wharf.transport.grpc.convert.ProtoTimes;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.util.concurrent.CompletableFuture;

/**
 * A pulling consumer's offsets, which Apache RocketMQ's proxy leaves unimplemented: UpdateOffset commits
 * the group's offset of a queue (UPDATE_CONSUMER_OFFSET), GetOffset reads it back (QUERY_CONSUMER_OFFSET;
 * OFFSET_NOT_FOUND when the group never committed one), QueryOffset finds a queue's first or next-to-write
 * offset or the first offset stored at or after a time (GET_MIN_OFFSET, GET_MAX_OFFSET,
 * SEARCH_OFFSET_BY_TIMESTAMP).
 */
final class OffsetRpcs {

    private final ServiceContext context;

    OffsetRpcs(ServiceContext context) {
        this.context = context;
    }

    CompletableFuture<UpdateOffsetResponse> updateOffset(CallScope scope, UpdateOffsetRequest request) {
        GroupQueue queue = GroupQueue.of(request.getGroup(), request.getMessageQueue());
        RemotingCommand update = queue.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                .extField("commitOffset", GroupQueue.validOffset(request.getOffset()))
                .build();
        return context.broker().call(scope.requestContext(), update).thenApply(answer -> UpdateOffsetResponse.newBuilder()
                .setStatus(GrpcCodes.statusOf(answer))
                .build());
    }

    CompletableFuture<GetOffsetResponse> getOffset(CallScope scope, GetOffsetRequest request) {
        GroupQueue queue = GroupQueue.of(request.getGroup(), request.getMessageQueue());
        RemotingCommand query = queue.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .extField("setZeroIfNotFound", false)
                .build();
        return context.broker().call(scope.requestContext(), query).thenApply(answer -> {
            if (answer.code() == ResponseCode.QUERY_NOT_FOUND) {
                throw new GrpcStatusException(Code.OFFSET_NOT_FOUND, "group " + queue.group()
                        + " has no offset in queue " + queue.queueId() + " of " + queue.topic());
            }
            return GetOffsetResponse.newBuilder().setStatus(GrpcCodes.ok()).setOffset(offsetOf(answer)).build();
        });
    }

    CompletableFuture<QueryOffsetResponse> queryOffset(CallScope scope, QueryOffsetRequest request) {
        MessageQueue queue = request.getMessageQueue();
        String topic = ResourceNames.topic(queue.getTopic().getName());
        int queueId = MessageQueues.id(queue);
        RemotingCommand.Builder query = switch (request.getQueryOffsetPolicy()) {
            case BEGINNING -> RemotingCommand.request(RequestCode.GET_MIN_OFFSET);
            case END -> RemotingCommand.request(RequestCode.GET_MAX_OFFSET);
            case TIMESTAMP -> {
                if (!request.hasTimestamp()) {
                    throw new GrpcStatusException(Code.BAD_REQUEST, "a TIMESTAMP offset query needs a timestamp");
                }
                yield RemotingCommand.request(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP)
                        .extField("timestamp", ProtoTimes.millis(request.getTimestamp()));
            }
            default -> throw new GrpcStatusException(Code.BAD_REQUEST, "query offset policy "
                    + request.getQueryOffsetPolicyValue() + " is none of BEGINNING, END and TIMESTAMP");
        };
        query.extField("topic", topic).extField("queueId", queueId).extField("bname", MessageQueues.brokerName(queue));
        return context.broker().call(scope.requestContext(), query.build()).thenApply(answer -> QueryOffsetResponse.newBuilder()
                .setStatus(GrpcCodes.ok())
                .setOffset(offsetOf(answer))
                .build());
    }

    /** The {@code offset} header of a successful answer. */
    private static long offsetOf(RemotingCommand answer) {
        if (answer.code() != ResponseCode.SUCCESS) {
            throw GrpcCodes.refusal(answer);
        }
        try {
            return HeaderReader.of(answer).requiredLong("offset");
        } catch (RuntimeException missing) {
            throw new GrpcStatusException(Code.INTERNAL_SERVER_ERROR,
                    "the broker's answer lacks the offset: " + missing.getMessage());
        }
    }
}
