package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the requests a server sends on a client connection opened for one origin (the front connection of a
 * gateway's client) to that origin: a oneway request (a transaction check-back, a consumer-ids-changed notice)
 * is sent on, any other (a question about a consumer's running state) is asked of the origin and its answer
 * goes back to the server under the server's opaque. The origin's own connection decides what the request
 * becomes on its protocol (the same command for a Remoting client, a Telemetry command for a gRPC one).
 */
final class OriginRelay {

    private static final Logger log = LoggerFactory.getLogger(OriginRelay.class);
    private static final AttributeKey<OriginRelay> KEY = AttributeKey.valueOf(OriginRelay.class, "originRelay");
    /**
     * Longer than any broker waits for such an answer (RocketMQ's are 5 to 15 s): the broker gives up first
     * and drops a late answer.
     */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final Connection origin;

    private OriginRelay(Connection origin) {
        this.origin = origin;
    }

    /** Makes {@code connection}'s peer's requests go to {@code origin} from now on. */
    static void bind(RemotingConnection connection, Connection origin) {
        connection.attr(KEY).set(new OriginRelay(origin));
    }

    /** The relay of {@code connection}; {@code null} for a connection opened for no origin. */
    static OriginRelay of(RemotingConnection connection) {
        return connection.attr(KEY).get();
    }

    /**
     * Completes with the answer for the server, or with {@code null} for a oneway request; never fails: an
     * origin that cannot be reached makes a SYSTEM_ERROR answer naming it.
     */
    CompletableFuture<RemotingCommand> relay(RemotingCommand request) {
        if (request.isOneway()) {
            return origin.send(request).handle((sent, failure) -> {
                if (failure != null) {
                    log.debug("cannot relay {} to {}: {}", request, origin.id(), String.valueOf(unwrap(failure)));
                }
                return null;
            });
        }
        return origin.invoke(request, ANSWER_TIMEOUT).handle((answer, failure) -> failure == null
                ? answer.toBuilder().opaque(request.opaque()).serializeType(request.serializeType()).build()
                : RemotingCommand.errorResponse(request, ResponseCode.SYSTEM_ERROR, "the client behind connection "
                        + origin.id() + " did not answer " + RequestCode.nameOf(request.code()) + ": "
                        + unwrap(failure).getMessage()));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public String toString() {
        return "relay to " + origin.id();
    }
}
