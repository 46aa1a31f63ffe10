package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.RecallMessageRequest;
import apache.rocketmq.v2.RecallMessageResponse;
import apache.rocketmq.v2.SendMessageRequest;
import apache.rocketmq.v2.SendMessageResponse;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import java.util.concurrent.CompletableFuture;

/** TODO(skeleton): replaced by the real translation. */
final class SendRpcs {

    SendRpcs(ServiceContext context, PendingTransactions transactions) {}

    CompletableFuture<SendMessageResponse> sendMessage(CallScope scope, SendMessageRequest request) {
        return CompletableFuture.failedFuture(new GrpcStatusException(Code.NOT_IMPLEMENTED, "sendMessage is not implemented yet"));
    }

    CompletableFuture<RecallMessageResponse> recallMessage(CallScope scope, RecallMessageRequest request) {
        return CompletableFuture.failedFuture(new GrpcStatusException(Code.NOT_IMPLEMENTED, "recallMessage is not implemented yet"));
    }
}
