package dev.wharf.transport.spi.local;

import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RemotingTimeoutException;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The in-process client ({@link dev.wharf.transport.spi.ProtocolType#LOCAL}): hands the command object
 * to the processor table bound at the address. No bytes, no socket. A request forwarded on behalf of a
 * client keeps that client's {@link RequestContext}, so the far side can push to the real connection.
 *
 * <pre>{@code
 * RemotingClient local = new LocalRemotingClient(context.localEndpoints());
 * local.invoke(origin, "broker", request, Duration.ofSeconds(3));
 * }</pre>
 */
public final class LocalRemotingClient implements RemotingClient {

    private final LocalEndpoints endpoints;
    private final RequestContext ownContext;

    public LocalRemotingClient(LocalEndpoints endpoints) {
        this.endpoints = endpoints;
        this.ownContext = new RequestContext(new InProcessConnection("local-" + System.identityHashCode(this)), 0L);
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, Duration timeout) {
        return invoke(ownContext, address, request, timeout);
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(
            RequestContext origin, String address, RemotingCommand request, Duration timeout) {
        ProcessorTable table = endpoints.lookup(address).orElse(null);
        if (table == null) {
            return CompletableFuture.failedFuture(
                    new RemotingConnectException("no in-process endpoint at " + address, null));
        }
        return table.dispatch(origin, request)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        failure instanceof TimeoutException
                                ? new RemotingTimeoutException("no answer from " + address + " within " + timeout
                                        + " for " + request)
                                : failure));
    }

    @Override
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        ProcessorTable table = endpoints.lookup(address).orElse(null);
        if (table == null) {
            return CompletableFuture.failedFuture(
                    new RemotingConnectException("no in-process endpoint at " + address, null));
        }
        table.dispatch(ownContext, request);
        return CompletableFuture.completedFuture(null);
    }

    /** The in-process side never receives server requests: its callers' connections do. */
    @Override
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        throw new UnsupportedOperationException("the in-process client receives no requests from the server");
    }

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        throw new UnsupportedOperationException("the in-process client receives no requests from the server");
    }

    @Override
    public void close() {
        // Nothing is held: no connections, no threads.
    }
}
