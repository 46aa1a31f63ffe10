package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Status;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;

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
        Code code = fromRemoting(response.code(), response.remark());
        return code == Code.OK ? ok() : status(code, describe(response));
    }

    /** A broker refusal as the exception translation code throws. */
    public static GrpcStatusException refusal(RemotingCommand response) {
        Status status = statusOf(response);
        return new GrpcStatusException(status.getCode(), status.getMessage());
    }

    public static Code fromRemoting(int remotingCode, String remark) {
        return switch (remotingCode) {
            case ResponseCode.SUCCESS -> Code.OK;
            case ResponseCode.SYSTEM_BUSY, ResponseCode.FLOW_CONTROL, ResponseCode.POLLING_FULL ->
                    Code.TOO_MANY_REQUESTS;
            case ResponseCode.REQUEST_CODE_NOT_SUPPORTED -> Code.NOT_IMPLEMENTED;
            case ResponseCode.TOPIC_NOT_EXIST -> Code.TOPIC_NOT_FOUND;
            case ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST -> Code.CONSUMER_GROUP_NOT_FOUND;
            case ResponseCode.NO_PERMISSION -> Code.FORBIDDEN;
            case ResponseCode.MESSAGE_ILLEGAL -> remark != null && remark.contains("TopicMessageType")
                    ? Code.MESSAGE_PROPERTY_CONFLICT_WITH_TYPE
                    : Code.BAD_REQUEST;
            case ResponseCode.INVALID_PARAMETER -> Code.BAD_REQUEST;
            case ResponseCode.SUBSCRIPTION_PARSE_FAILED -> Code.ILLEGAL_FILTER_EXPRESSION;
            case ResponseCode.FLUSH_DISK_TIMEOUT -> Code.MASTER_PERSISTENCE_TIMEOUT;
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> Code.SLAVE_PERSISTENCE_TIMEOUT;
            case ResponseCode.SLAVE_NOT_AVAILABLE -> Code.HA_NOT_AVAILABLE;
            case ResponseCode.PULL_NOT_FOUND, ResponseCode.NO_MESSAGE, ResponseCode.POLLING_TIMEOUT,
                    ResponseCode.QUERY_NOT_FOUND -> Code.MESSAGE_NOT_FOUND;
            case ResponseCode.PULL_OFFSET_MOVED -> Code.ILLEGAL_OFFSET;
            case ResponseCode.VERSION_NOT_SUPPORTED -> Code.VERSION_UNSUPPORTED;
            default -> Code.INTERNAL_SERVER_ERROR;
        };
    }

    /** Upstream's form, which SDK users search for: {@code CODE: 17 DESC: No topic route info …}. */
    private static String describe(RemotingCommand response) {
        String remark = response.remark();
        return "CODE: " + response.code() + " DESC: " + (remark == null || remark.isBlank() ? "(none)" : remark);
    }
}
