package dev.wharf.transport.http2.api;

import dev.wharf.transport.spi.messaging.ErrorKind;
import dev.wharf.transport.spi.messaging.MessagingError;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;

/**
 * An error as the API answers it: an HTTP status and the body
 * {@code {"error": {"code": "TOPIC_NOT_FOUND", "message": "...", "rocketmqCode": 17}}}.
 *
 * @param status the HTTP status
 * @param code a stable word clients can branch on: a messaging {@code ErrorCode}'s name, or one of the
 *     HTTP-level codes here (ROUTE_NOT_FOUND, METHOD_NOT_ALLOWED, ...)
 * @param message what was wrong, naming the field or value
 * @param rocketmqCode the broker's Remoting response code; {@link MessagingError#NO_ROCKETMQ_CODE} when none
 */
public record HttpError(HttpResponseStatus status, String code, String message, int rocketmqCode) {

    public HttpError {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static HttpError of(HttpResponseStatus status, String code, String message) {
        return new HttpError(status, code, message, MessagingError.NO_ROCKETMQ_CODE);
    }

    /** A messaging refusal with the status its kind stands for. */
    public static HttpError of(MessagingError error) {
        return new HttpError(statusOf(error.code().kind()), error.code().name(), error.message(), error.rocketmqCode());
    }

    public static HttpError badRequest(String message) {
        return of(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", message);
    }

    public boolean hasRocketmqCode() {
        return rocketmqCode != MessagingError.NO_ROCKETMQ_CODE;
    }

    /** The HTTP status of each kind of messaging refusal. */
    public static HttpResponseStatus statusOf(ErrorKind kind) {
        return switch (kind) {
            case BAD_REQUEST -> HttpResponseStatus.BAD_REQUEST;
            case UNAUTHORIZED -> HttpResponseStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpResponseStatus.FORBIDDEN;
            case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case CONFLICT -> HttpResponseStatus.CONFLICT;
            case TOO_LARGE -> HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            case TOO_MANY_REQUESTS -> HttpResponseStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case NOT_IMPLEMENTED -> HttpResponseStatus.NOT_IMPLEMENTED;
            case INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
