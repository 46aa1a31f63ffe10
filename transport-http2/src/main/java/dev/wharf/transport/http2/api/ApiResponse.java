package dev.wharf.transport.http2.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.Objects;

/**
 * What an endpoint answers: a whole body, or an event stream that keeps writing after the headers.
 */
public sealed interface ApiResponse {

    /**
     * A complete answer.
     *
     * @param status the HTTP status
     * @param contentType the body's media type
     * @param body the body
     * @param headers extra headers ({@code Retry-After}, {@code Allow})
     */
    record Full(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers)
            implements ApiResponse {

        public Full {
            Objects.requireNonNull(status, "status");
            headers = Map.copyOf(headers);
        }
    }

    /**
     * A {@code text/event-stream} answer: the headers go out at once, then {@code source} writes events until
     * it or the client stops.
     */
    record Stream(EventSource source) implements ApiResponse {}

    static ApiResponse json(HttpResponseStatus status, JsonNode body) {
        return new Full(status, "application/json", Json.bytes(body), Map.of());
    }

    static ApiResponse ok(JsonNode body) {
        return json(HttpResponseStatus.OK, body);
    }

    /** 204: done, nothing to say. */
    static ApiResponse noContent() {
        return new Full(HttpResponseStatus.NO_CONTENT, null, new byte[0], Map.of());
    }

    static ApiResponse error(HttpError error) {
        return error(error, Map.of());
    }

    static ApiResponse error(HttpError error, Map<String, String> headers) {
        return new Full(error.status(), "application/json", Json.bytes(Json.error(error)), headers);
    }
}
