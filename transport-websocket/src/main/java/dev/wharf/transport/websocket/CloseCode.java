package dev.wharf.transport.websocket;

/**
 * The close codes this server ends a WebSocket connection with: RFC 6455's for problems with the frames
 * themselves, 4xxx application codes (an HTTP status plus 4000) for problems with the conversation. A problem
 * with one request never closes the connection: it is answered with an {@code error} event.
 */
enum CloseCode {
    /** The server is shutting down. */
    GOING_AWAY(1001),
    /** A request names an operation this protocol does not have, or has no {@code op}. */
    PROTOCOL_ERROR(1002),
    /** A text frame that is not a JSON object. */
    UNSUPPORTED_DATA(1003),
    /** A token that opens nothing. */
    POLICY_VIOLATION(1008),
    /** A message larger than the listener's {@code maxFrameBytes}. */
    MESSAGE_TOO_BIG(1009),
    /** The server failed. */
    INTERNAL_ERROR(1011),
    /** The frames do not pair up: a binary frame nobody announced, or a text frame where a body frame was due. */
    MALFORMED_STREAM(4400),
    /** The listener wants a token and the connection did not begin with an {@code auth} frame in time. */
    UNAUTHORIZED(4401),
    /** Nothing came from the client, not even a pong, for the listener's {@code idleTimeout}. */
    IDLE(4408);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
