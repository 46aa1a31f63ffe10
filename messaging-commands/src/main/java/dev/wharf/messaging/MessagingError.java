package dev.wharf.messaging;

import java.util.Objects;

/**
 * A refusal, as every transport reports it: a stable code, a message naming the problem, and the broker's
 * Remoting response code when the broker refused.
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
