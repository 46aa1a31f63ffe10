package dev.wharf.messaging;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingError;
import dev.wharf.transport.spi.messaging.MessagingException;

/**
 * The broker's Remoting response codes as {@link ErrorCode}s, the way the official 5.x SDKs expect them
 * from Apache RocketMQ's proxy: TOPIC_NOT_EXIST is TOPIC_NOT_FOUND, a busy broker TOO_MANY_REQUESTS, the
 * empty answers of a pull or pop MESSAGE_NOT_FOUND.
 */
public final class BrokerRefusals {

    private BrokerRefusals() {}

    /** The refusal a non-SUCCESS response stands for, with upstream's message form. */
    public static MessagingError errorOf(RemotingCommand response) {
        return new MessagingError(codeOf(response.code(), response.remark()), describe(response), response.code());
    }

    /** The refusal as the exception operations fail with. */
    public static MessagingException refusal(RemotingCommand response) {
        return new MessagingException(errorOf(response));
    }

    /** Fails with the refusal unless the broker answered SUCCESS; a missing answer is an internal error. */
    public static RemotingCommand requireSuccess(RemotingCommand response) {
        if (response == null) {
            throw new MessagingException(ErrorCode.INTERNAL_SERVER_ERROR, "the broker sent no answer");
        }
        if (response.code() != ResponseCode.SUCCESS) {
            throw refusal(response);
        }
        return response;
    }

    /** The code of a refusal; never called with SUCCESS by the operations here. */
    public static ErrorCode codeOf(int remotingCode, String remark) {
        return switch (remotingCode) {
            case ResponseCode.SYSTEM_BUSY, ResponseCode.FLOW_CONTROL, ResponseCode.POLLING_FULL ->
                    ErrorCode.TOO_MANY_REQUESTS;
            case ResponseCode.REQUEST_CODE_NOT_SUPPORTED -> ErrorCode.NOT_IMPLEMENTED;
            case ResponseCode.TOPIC_NOT_EXIST -> ErrorCode.TOPIC_NOT_FOUND;
            case ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST -> ErrorCode.CONSUMER_GROUP_NOT_FOUND;
            case ResponseCode.NO_PERMISSION -> ErrorCode.FORBIDDEN;
            case ResponseCode.MESSAGE_ILLEGAL -> remark != null && remark.contains("TopicMessageType")
                    ? ErrorCode.MESSAGE_PROPERTY_CONFLICT_WITH_TYPE
                    : ErrorCode.BAD_REQUEST;
            case ResponseCode.INVALID_PARAMETER -> ErrorCode.BAD_REQUEST;
            case ResponseCode.SUBSCRIPTION_PARSE_FAILED -> ErrorCode.ILLEGAL_FILTER_EXPRESSION;
            case ResponseCode.FLUSH_DISK_TIMEOUT -> ErrorCode.MASTER_PERSISTENCE_TIMEOUT;
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> ErrorCode.SLAVE_PERSISTENCE_TIMEOUT;
            case ResponseCode.SLAVE_NOT_AVAILABLE -> ErrorCode.HA_NOT_AVAILABLE;
            case ResponseCode.PULL_NOT_FOUND, ResponseCode.NO_MESSAGE, ResponseCode.POLLING_TIMEOUT,
                    ResponseCode.QUERY_NOT_FOUND -> ErrorCode.MESSAGE_NOT_FOUND;
            case ResponseCode.PULL_OFFSET_MOVED -> ErrorCode.ILLEGAL_OFFSET;
            case ResponseCode.VERSION_NOT_SUPPORTED -> ErrorCode.VERSION_UNSUPPORTED;
            default -> ErrorCode.INTERNAL_SERVER_ERROR;
        };
    }

    /** Upstream's form, which RocketMQ users search for: {@code CODE: 17 DESC: No topic route info …}. */
    private static String describe(RemotingCommand response) {
        String remark = response.remark();
        return "CODE: " + response.code() + " DESC: " + (remark == null || remark.isBlank() ? "(none)" : remark);
    }
}
