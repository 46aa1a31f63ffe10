package dev.wharf.transport.spi.messaging;

import java.util.Objects;

/**
 * A refusal, as every transport reports it: a stable code, a message naming the problem, and the broker's
 * Remoting response code when the broker refused.
 *
 * <pre>{@code
 * MessagingError error = MessagingError.of(ErrorCode.ILLEGAL_TOPIC, "the topic name 'a b' contains a space");
 * int status = switch (error.code().kind()) { case BAD_REQUEST -> 400; case NOT_FOUND -> 404; default -> 500; };
 * }</pre>
 *
 * @param code why, in a stable word
 * @param message what was wrong, for people
 * @param rocketmqCode the broker's {@code ResponseCode}, or {@link #NO_ROCKETMQ_CODE} when the gateway refused
 */
public record MessagingError(ErrorCode code, String message, int rocketmqCode) {

    public static final int NO_ROCKETMQ_CODE = -1;

    public MessagingError {
        Objects.requireNonNull(code, "code");
        message = message == null || message.isBlank() ? code.name() : message;
    }

    /** A refusal of the gateway's own. */
    public static MessagingError of(ErrorCode code, String message) {
        return new MessagingError(code, message, NO_ROCKETMQ_CODE);
    }

    public boolean hasRocketmqCode() {
        return rocketmqCode != NO_ROCKETMQ_CODE;
    }
}
