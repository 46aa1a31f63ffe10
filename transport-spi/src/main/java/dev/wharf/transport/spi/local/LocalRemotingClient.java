package dev.wharf.transport.spi.local;

import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RemotingTimeoutException;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ExecutorRegistry;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

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
    /**
     * A wheel rather than {@code CompletableFuture.orTimeout}: nearly every call is answered long before its
     * timeout, and cancelling a wheel entry is a queue append, where cancelling the JDK's delayed task
     * re-heaps and may wake its scheduler thread — measured at a few microseconds per forwarded command.
     */
    private final Timer timeouts =
            new HashedWheelTimer(ExecutorRegistry.namedDaemonThreads("wharf-local-timeouts"), 100, TimeUnit.MILLISECONDS);

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
        CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
        Timeout expiry = timeouts.newTimeout(
                expired -> answer.completeExceptionally(new RemotingTimeoutException(
                        "no answer from " + address + " within " + timeout + " for " + request)),
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        table.dispatch(origin, request).whenComplete((response, failure) -> {
            expiry.cancel();
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                answer.complete(response);
            }
        });
        return answer;
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

    /** Stops the timeout wheel; calls still in flight keep their answers but lose their timeouts. */
    @Override
    public void close() {
        timeouts.stop();
    }
}
