package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.AckMessageRequest;
import apache.rocketmq.v2.AckMessageResponse;
import apache.rocketmq.v2.ChangeInvisibleDurationRequest;
import apache.rocketmq.v2.ChangeInvisibleDurationResponse;
import apache.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest;
import apache.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import java.util.concurrent.CompletableFuture;

/** TODO(skeleton): replaced by the real translation. */
final class AckRpcs {

    AckRpcs(ServiceContext context) {}

    CompletableFuture<AckMessageResponse> ackMessage(CallScope scope, AckMessageRequest request) {
        return CompletableFuture.failedFuture(new GrpcStatusException(Code.NOT_IMPLEMENTED, "ackMessage is not implemented yet"));
    }

    CompletableFuture<ChangeInvisibleDurationResponse> changeInvisibleDuration(CallScope scope, ChangeInvisibleDurationRequest request) {
        return CompletableFuture.failedFuture(new GrpcStatusException(Code.NOT_IMPLEMENTED, "changeInvisibleDuration is not implemented yet"));
    }

    CompletableFuture<ForwardMessageToDeadLetterQueueResponse> forwardMessageToDeadLetterQueue(CallScope scope, ForwardMessageToDeadLetterQueueRequest request) {
        return CompletableFuture.failedFuture(new GrpcStatusException(Code.NOT_IMPLEMENTED, "forwardMessageToDeadLetterQueue is not implemented yet"));
    }
}
