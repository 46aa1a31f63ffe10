package dev.wharf.transport.spi;

import java.util.Objects;

/**
 * What a processor knows about a request besides the command: where it came from and when.
 *
 * <pre>{@code
 * RequestContext ctx = new RequestContext(connection, System.currentTimeMillis());
 * table.dispatch(ctx, request).thenAccept(connection::send);
 * }</pre>
 *
 * @param connection the client's connection; answers and pushes go through it
 * @param receivedAtMillis wall-clock time the request was read, for timeouts and latency metrics
 */
public record RequestContext(Connection connection, long receivedAtMillis) {

    public RequestContext {
        Objects.requireNonNull(connection, "connection");
    }
}
