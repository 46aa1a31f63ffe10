package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Status;
import dev.wharf.messaging.BrokerRefusals;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingError;

/**
 * Remoting response codes as the gRPC protocol's {@link Code}s, the way the official SDKs expect them:
 * the SDK turns 4xxxx into client errors, TOPIC_NOT_FOUND into a NotFoundException, MESSAGE_NOT_FOUND on
 * ReceiveMessage into an empty result.
 */
public final class GrpcCodes {

    private GrpcCodes() {}

    public static Status ok() {
        return status(Code.OK, Code.OK.name());
    }

    public static Status status(Code code, String message) {
        return Status.newBuilder().setCode(code).setMessage(message == null ? code.name() : message).build();
    }

    /** The status a broker response translates to: OK for SUCCESS, else the mapped code with the remark. */
    public static Status statusOf(RemotingCommand response) {
        return response.code() == ResponseCode.SUCCESS ? ok() : status(BrokerRefusals.errorOf(response));
    }

    /** A broker refusal as the exception translation code throws. */
    public static GrpcStatusException refusal(RemotingCommand response) {
        Status status = statusOf(response);
        return new GrpcStatusException(status.getCode(), status.getMessage());
    }

    public static Code fromRemoting(int remotingCode, String remark) {
        return remotingCode == ResponseCode.SUCCESS ? Code.OK : of(BrokerRefusals.codeOf(remotingCode, remark));
    }

    /** A shared error code as the v2 code of the same name. */
    public static Code of(ErrorCode code) {
        return Code.valueOf(code.name());
    }

    /** A refusal of the shared messaging translation as an in-band status. */
    public static Status status(MessagingError error) {
        return status(of(error.code()), error.message());
    }
}
