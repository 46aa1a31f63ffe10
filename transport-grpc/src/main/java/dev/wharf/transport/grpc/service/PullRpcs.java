package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.PullMessageRequest;
import apache.rocketmq.v2.PullMessageResponse;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import io.grpc.stub.StreamObserver;

/** TODO(skeleton): replaced by the real translation. */
final class PullRpcs {

    PullRpcs(ServiceContext context) {}

    void pullMessage(CallScope scope, PullMessageRequest request, StreamObserver<PullMessageResponse> stream) {
        throw new GrpcStatusException(Code.NOT_IMPLEMENTED, "pullMessage is not implemented yet");
    }
}
