package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.TelemetryCommand;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** TODO(skeleton): replaced by the real translation. */
final class TelemetryRpcs {

    TelemetryRpcs(ServiceContext context) {}

    StreamObserver<TelemetryCommand> telemetry(StreamObserver<TelemetryCommand> toClient) {
        toClient.onError(Status.UNIMPLEMENTED.withDescription("telemetry is not implemented yet").asRuntimeException());
        return new StreamObserver<>() {
            @Override
            public void onNext(TelemetryCommand command) {}

            @Override
            public void onError(Throwable failure) {}

            @Override
            public void onCompleted() {}
        };
    }
}
