package dev.wharf.transport.http2.api;

import dev.wharf.transport.spi.messaging.MessagingException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletionException;

/**
 * A request refused at the HTTP level, carrying the {@link HttpError} to answer with. No stack trace: a
 * refusal is an answer, not a bug.
 */
public final class ApiException extends RuntimeException {

    private final transient HttpError error;

    public ApiException(HttpError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public HttpError error() {
        return error;
    }

    /** 400 BAD_REQUEST with {@code message}, which names the field or value at fault. */
    public static ApiException badRequest(String message) {
        return new ApiException(HttpError.badRequest(message));
    }

    public static ApiException of(HttpResponseStatus status, String code, String message) {
        return new ApiException(HttpError.of(status, code, message));
    }

    /**
     * The error a failed operation answers with: its own for refusals at the HTTP or messaging level, 500
     * INTERNAL_SERVER_ERROR for anything else.
     */
    public static HttpError errorOf(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiException refused) {
            return refused.error();
        }
        return HttpError.of(MessagingException.errorOf(cause));
    }

    private static final long serialVersionUID = 1L;
}
