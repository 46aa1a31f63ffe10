package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.QueryAssignmentRequest;
import apache.rocketmq.v2.QueryAssignmentResponse;
import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.QueryRouteResponse;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import java.util.concurrent.CompletableFuture;

/** TODO(skeleton): replaced by the real translation. */
final class RouteRpcs {

    RouteRpcs(ServiceContext context) {}

    CompletableFuture<QueryRouteResponse> queryRoute(CallScope scope, QueryRouteRequest request) {
        return CompletableFuture.failedFuture(new GrpcStatusException(Code.NOT_IMPLEMENTED, "queryRoute is not implemented yet"));
    }

    CompletableFuture<QueryAssignmentResponse> queryAssignment(CallScope scope, QueryAssignmentRequest request) {
        return CompletableFuture.failedFuture(new GrpcStatusException(Code.NOT_IMPLEMENTED, "queryAssignment is not implemented yet"));
    }
}
