package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.GetOffsetRequest;
import apache.rocketmq.v2.GetOffsetResponse;
import apache.rocketmq.v2.QueryOffsetRequest;
import apache.rocketmq.v2.QueryOffsetResponse;
import apache.rocketmq.v2.UpdateOffsetRequest;
import apache.rocketmq.v2.UpdateOffsetResponse;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import java.util.concurrent.CompletableFuture;

/** TODO(skeleton): replaced by the real translation. */
final class OffsetRpcs {

    OffsetRpcs(ServiceContext context) {}

    CompletableFuture<UpdateOffsetResponse> updateOffset(CallScope scope, UpdateOffsetRequest request) {
        return CompletableFuture.failedFuture(new GrpcStatusException(Code.NOT_IMPLEMENTED, "updateOffset is not implemented yet"));
    }

    CompletableFuture<GetOffsetResponse> getOffset(CallScope scope, GetOffsetRequest request) {
        return CompletableFuture.failedFuture(new GrpcStatusException(Code.NOT_IMPLEMENTED, "getOffset is not implemented yet"));
    }

    CompletableFuture<QueryOffsetResponse> queryOffset(CallScope scope, QueryOffsetRequest request) {
        return CompletableFuture.failedFuture(new GrpcStatusException(Code.NOT_IMPLEMENTED, "queryOffset is not implemented yet"));
    }
}
