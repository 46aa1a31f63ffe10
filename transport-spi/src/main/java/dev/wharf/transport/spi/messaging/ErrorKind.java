package dev.wharf.transport.spi.messaging;

/**
 * What sort of failure an {@link ErrorCode} is, for transports that answer with coarser statuses than the
 * code itself: an HTTP status, a WebSocket close code.
 *
 * <pre>{@code
 * boolean retryLater = switch (error.code().kind()) {
 *     case TOO_MANY_REQUESTS, UNAVAILABLE -> true;
 *     default -> false;
 * };
 * }</pre>
 */
public enum ErrorKind {
    /** The request is malformed or names something invalid; retrying it unchanged fails again. */
    BAD_REQUEST,
    /** The client did not say who it is. */
    UNAUTHORIZED,
    /** The client may not do this. */
    FORBIDDEN,
    /** The topic, group or message the request names does not exist. */
    NOT_FOUND,
    /** The request contradicts the state of what it names (a property the topic's type forbids, say). */
    CONFLICT,
    /** A body, a batch or a set of properties is larger than allowed. */
    TOO_LARGE,
    /** The gateway or broker is shedding load; retry later. */
    TOO_MANY_REQUESTS,
    /** The broker cannot do this now (a store timeout, a replica down); retry later. */
    UNAVAILABLE,
    /** The gateway or broker does not do this at all. */
    NOT_IMPLEMENTED,
    /** The gateway or broker failed. */
    INTERNAL
}
