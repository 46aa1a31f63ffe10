package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.ReceiveMessageRequest;
import apache.rocketmq.v2.ReceiveMessageResponse;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import io.grpc.stub.StreamObserver;

/** TODO(skeleton): replaced by the real translation. */
final class ReceiveRpcs {

    ReceiveRpcs(ServiceContext context) {}

    void receiveMessage(CallScope scope, ReceiveMessageRequest request, StreamObserver<ReceiveMessageResponse> stream) {
        throw new GrpcStatusException(Code.NOT_IMPLEMENTED, "receiveMessage is not implemented yet");
    }
}
