package dev.wharf.transport.spi.messaging;

/**
 * Why a messaging operation was refused: stable names that transports show their clients. The names are
 * those of the {@code apache.rocketmq.v2.Code} values, so the gRPC transport maps them one to one and
 * clients of every protocol read the same words.
 *
 * <pre>{@code
 * if (MessagingException.errorOf(failure).code() == ErrorCode.TOPIC_NOT_FOUND) {
 *     connection.close(); // an MQTT client, say, has no way to be told
 * }
 * }</pre>
 */
public enum ErrorCode {
    BAD_REQUEST(ErrorKind.BAD_REQUEST),
    ILLEGAL_TOPIC(ErrorKind.BAD_REQUEST),
    ILLEGAL_CONSUMER_GROUP(ErrorKind.BAD_REQUEST),
    ILLEGAL_MESSAGE_TAG(ErrorKind.BAD_REQUEST),
    ILLEGAL_MESSAGE_KEY(ErrorKind.BAD_REQUEST),
    ILLEGAL_MESSAGE_GROUP(ErrorKind.BAD_REQUEST),
    ILLEGAL_MESSAGE_PROPERTY_KEY(ErrorKind.BAD_REQUEST),
    ILLEGAL_MESSAGE_ID(ErrorKind.BAD_REQUEST),
    ILLEGAL_DELIVERY_TIME(ErrorKind.BAD_REQUEST),
    ILLEGAL_INVISIBLE_TIME(ErrorKind.BAD_REQUEST),
    ILLEGAL_POLLING_TIME(ErrorKind.BAD_REQUEST),
    ILLEGAL_FILTER_EXPRESSION(ErrorKind.BAD_REQUEST),
    ILLEGAL_OFFSET(ErrorKind.BAD_REQUEST),
    INVALID_RECEIPT_HANDLE(ErrorKind.BAD_REQUEST),
    MESSAGE_BODY_EMPTY(ErrorKind.BAD_REQUEST),
    MESSAGE_BODY_TOO_LARGE(ErrorKind.TOO_LARGE),
    MESSAGE_PROPERTIES_TOO_LARGE(ErrorKind.TOO_LARGE),
    MESSAGE_PROPERTY_CONFLICT_WITH_TYPE(ErrorKind.CONFLICT),
    UNAUTHORIZED(ErrorKind.UNAUTHORIZED),
    FORBIDDEN(ErrorKind.FORBIDDEN),
    TOPIC_NOT_FOUND(ErrorKind.NOT_FOUND),
    CONSUMER_GROUP_NOT_FOUND(ErrorKind.NOT_FOUND),
    MESSAGE_NOT_FOUND(ErrorKind.NOT_FOUND),
    TOO_MANY_REQUESTS(ErrorKind.TOO_MANY_REQUESTS),
    MASTER_PERSISTENCE_TIMEOUT(ErrorKind.UNAVAILABLE),
    SLAVE_PERSISTENCE_TIMEOUT(ErrorKind.UNAVAILABLE),
    HA_NOT_AVAILABLE(ErrorKind.UNAVAILABLE),
    VERSION_UNSUPPORTED(ErrorKind.BAD_REQUEST),
    NOT_IMPLEMENTED(ErrorKind.NOT_IMPLEMENTED),
    INTERNAL_SERVER_ERROR(ErrorKind.INTERNAL);

    private final ErrorKind kind;

    ErrorCode(ErrorKind kind) {
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
