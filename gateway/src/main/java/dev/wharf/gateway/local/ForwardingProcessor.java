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
 * The gateway's processor on every listener: hands each command to the broker its {@link BrokerSelector}
 * chooses through a {@link RemotingClient}, keeping the client's {@link RequestContext} so that an
 * in-process broker can push to the real connection. It only passes the command on, never waits, so it
 * runs on the caller's thread; the broker's own pools do the work. Authentication and limits belong here
 * when they arrive.
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
    private final BrokerSelector brokers;
    private final Duration timeout;

    /** Every command to the one broker at {@code brokerAddress}. */
    public ForwardingProcessor(RemotingClient client, String brokerAddress, Duration timeout) {
        this(client, BrokerSelector.fixed(brokerAddress), timeout);
    }

    public ForwardingProcessor(RemotingClient client, BrokerSelector brokers, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.brokers = Objects.requireNonNull(brokers, "brokers");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        CompletableFuture<RemotingCommand> answer = brokers.select(request).thenCompose(address ->
                client.invoke(context, address, request, timeout)
                        .exceptionallyCompose(failure -> asCommandFailure(address, failure)));
        // A oneway request still goes through invoke, so the broker sees the client's connection; nothing
        // may be sent back for it.
        return request.isOneway() ? answer.handle((response, failure) -> null) : answer;
    }

    /**
     * A broker that cannot be reached or does not answer in time is the gateway's failure, not the
     * client's: answer with a remark instead of letting the transport log a stack trace per request.
     */
    private CompletableFuture<RemotingCommand> asCommandFailure(String address, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (cause instanceof RemotingException) {
            brokers.unreachable(address);
            return CompletableFuture.failedFuture(new RemotingCommandException(
                    ResponseCode.SYSTEM_ERROR, "the broker did not answer: " + cause.getMessage(), cause));
        }
        return CompletableFuture.failedFuture(cause);
    }
}
