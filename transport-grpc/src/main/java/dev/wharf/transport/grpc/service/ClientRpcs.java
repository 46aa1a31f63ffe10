package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.HeartbeatRequest;
import apache.rocketmq.v2.HeartbeatResponse;
import apache.rocketmq.v2.NotifyClientTerminationRequest;
import apache.rocketmq.v2.NotifyClientTerminationResponse;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import java.util.concurrent.CompletableFuture;

/** TODO(skeleton): replaced by the real translation. */
final class ClientRpcs {

    ClientRpcs(ServiceContext context) {}

    CompletableFuture<HeartbeatResponse> heartbeat(CallScope scope, HeartbeatRequest request) {
        return CompletableFuture.failedFuture(new GrpcStatusException(Code.NOT_IMPLEMENTED, "heartbeat is not implemented yet"));
    }

    CompletableFuture<NotifyClientTerminationResponse> notifyClientTermination(CallScope scope, NotifyClientTerminationRequest request) {
        return CompletableFuture.failedFuture(new GrpcStatusException(Code.NOT_IMPLEMENTED, "notifyClientTermination is not implemented yet"));
    }
}
