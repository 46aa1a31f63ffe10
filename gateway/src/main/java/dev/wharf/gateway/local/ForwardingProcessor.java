package dev.wharf.gateway.local;

import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RemotingException;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The gateway's processor on every listener: hands each command to the broker through a
 * {@link RemotingClient}, keeping the client's {@link RequestContext} so the broker can push to the real
 * connection. It only passes the command on, never waits, so it runs on the caller's thread; the broker's
 * own pools do the work. Authentication, limits and routing belong here when they arrive.
 *
 * <pre>{@code
 * RequestProcessor forwarder = new ForwardingProcessor(localClient, "broker", ForwardingProcessor.DEFAULT_TIMEOUT);
 * server.registerDefaultProcessor(forwarder, Runnable::run);
 * }</pre>
 */
public final class ForwardingProcessor implements RequestProcessor {

    /**
     * Longer than any wait a broker may legitimately hold a request: a long-polling pull suspends for up
     * to the client's {@code suspendTimeoutMillis} (15 s by default, at most 30 s before the client gives up).
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final RemotingClient client;
    private final String brokerAddress;
    private final Duration timeout;

    public ForwardingProcessor(RemotingClient client, String brokerAddress, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.brokerAddress = Objects.requireNonNull(brokerAddress, "brokerAddress");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        CompletableFuture<RemotingCommand> answer = client.invoke(context, brokerAddress, request, timeout)
                .exceptionallyCompose(this::asCommandFailure);
        // A oneway request still goes through invoke, so the broker sees the client's connection; nothing
        // may be sent back for it.
        return request.isOneway() ? answer.handle((response, failure) -> null) : answer;
    }

    /**
     * A broker that cannot be reached or does not answer in time is the gateway's failure, not the
     * client's: answer with a remark instead of letting the transport log a stack trace per request.
     */
    private CompletableFuture<RemotingCommand> asCommandFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (cause instanceof RemotingException) {
            return CompletableFuture.failedFuture(new RemotingCommandException(
                    ResponseCode.SYSTEM_ERROR, "the broker did not answer: " + cause.getMessage(), cause));
        }
        return CompletableFuture.failedFuture(cause);
    }
}
