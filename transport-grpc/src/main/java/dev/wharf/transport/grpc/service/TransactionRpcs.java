package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.EndTransactionRequest;
import apache.rocketmq.v2.EndTransactionResponse;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import java.util.concurrent.CompletableFuture;

/** TODO(skeleton): replaced by the real translation. */
final class TransactionRpcs {

    TransactionRpcs(ServiceContext context, PendingTransactions transactions) {}

    CompletableFuture<EndTransactionResponse> endTransaction(CallScope scope, EndTransactionRequest request) {
        return CompletableFuture.failedFuture(new GrpcStatusException(Code.NOT_IMPLEMENTED, "endTransaction is not implemented yet"));
    }
}
