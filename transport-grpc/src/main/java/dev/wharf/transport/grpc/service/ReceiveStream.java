package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.ReceiveMessageResponse;
import apache.rocketmq.v2.Status;
import dev.wharf.transport.grpc.convert.GrpcCodes;
import dev.wharf.transport.grpc.convert.ProtoTimes;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.List;

/**
 * The one shape of a ReceiveMessage answer the SDKs read: a status, then (when it is OK) one response per
 * message, then the delivery timestamp, then the end of the stream.
 */
final class ReceiveStream {

    private final StreamObserver<ReceiveMessageResponse> observer;
    private final Clock clock;

    ReceiveStream(StreamObserver<ReceiveMessageResponse> observer, Clock clock) {
        this.observer = observer;
        this.clock = clock;
    }

    /** Whether the client gave up on the call (deadline, cancel, disconnect): nothing written reaches it. */
    boolean isCancelled() {
        return observer instanceof ServerCallStreamObserver<ReceiveMessageResponse> call && call.isCancelled();
    }

    void messages(List<Message> messages) {
        observer.onNext(ReceiveMessageResponse.newBuilder().setStatus(GrpcCodes.ok()).build());
        for (Message message : messages) {
            observer.onNext(ReceiveMessageResponse.newBuilder().setMessage(message).build());
        }
        complete();
    }

    void nothing(String why) {
        status(GrpcCodes.status(Code.MESSAGE_NOT_FOUND, why));
    }

    void status(Status status) {
        observer.onNext(ReceiveMessageResponse.newBuilder().setStatus(status).build());
        complete();
    }

    void fail(Throwable failure) {
        status(Calls.statusOf(failure));
    }

    private void complete() {
        observer.onNext(ReceiveMessageResponse.newBuilder()
                .setDeliveryTimestamp(ProtoTimes.timestamp(clock.millis()))
                .build());
        observer.onCompleted();
    }
}
