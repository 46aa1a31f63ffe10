package dev.wharf.transport.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The user event a draining server fires into each of its connections' pipelines
 * ({@link ConnectionDrain#drain}): the connection is to finish what it already read, in its protocol's
 * terms, then close itself. What finishing means is the protocol's: an HTTP/2 connection sends GOAWAY and
 * closes when its open streams end; an HTTP/1.1 connection answers its request with {@code Connection: close};
 * a WebSocket one answers its outstanding requests and sends a 1001 close frame. New requests are not read, or
 * not served. A handler that does not know the event passes it on; a connection nobody closes is closed when
 * {@link #timeout()} has passed.
 *
 * <pre>{@code
 * public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
 *     if (event instanceof DrainEvent) {
 *         draining = true;                 // serve nothing read from now on
 *         if (outstanding == 0) {
 *             ctx.close();                 // else closed when the last answer is written
 *         }
 *     } else {
 *         ctx.fireUserEventTriggered(event);
 *     }
 * }
 * }</pre>
 *
 * @param timeout how long the connection has before it is closed regardless; protocols with a graceful close of
 *     their own (HTTP/2) bound it by this
 */
public record DrainEvent(Duration timeout) {

    public DrainEvent {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a drain timeout cannot be negative: " + timeout);
        }
    }
}
