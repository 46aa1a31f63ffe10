package dev.wharf.transport.spi.messaging;

import java.util.concurrent.CompletionException;

/**
 * A messaging operation refused with a {@link MessagingError}. Thrown, or the failure of a future, by every
 * operation of a {@link MessagingService}; it carries no stack trace, because a refusal is an answer, not a bug.
 *
 * <pre>{@code
 * messaging.ack(context, group, topic, handle).whenComplete((done, failure) -> {
 *     if (failure != null) {
 *         MessagingError error = MessagingException.errorOf(failure);
 *         log.info("ack refused: {} {}", error.code(), error.message());
 *     }
 * });
 * }</pre>
 */
public final class MessagingException extends RuntimeException {

    private final MessagingError error;

    public MessagingException(MessagingError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public MessagingException(ErrorCode code, String message) {
        this(MessagingError.of(code, message));
    }

    public MessagingError error() {
        return error;
    }

    public ErrorCode code() {
        return error.code();
    }

    /**
     * The refusal behind a future's failure; any other failure reads as INTERNAL_SERVER_ERROR with its
     * message, so a transport always has something to answer with.
     */
    public static MessagingError errorOf(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof MessagingException refused) {
            return refused.error();
        }
        return MessagingError.of(ErrorCode.INTERNAL_SERVER_ERROR, String.valueOf(cause.getMessage()));
    }
}
