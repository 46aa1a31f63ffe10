package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Status;

/**
 * A request the gateway refuses, with the RocketMQ {@link Code} the client gets in-band. Thrown by
 * translation code and turned into the response's {@code status} by the call that caught it.
 */
public final class GrpcStatusException extends RuntimeException {

    private final Code code;

    public GrpcStatusException(Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    public Status toStatus() {
        return GrpcCodes.status(code, getMessage());
    }
}
