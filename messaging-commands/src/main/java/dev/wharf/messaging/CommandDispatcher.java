package dev.wharf.messaging;

import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where translated commands go: the processors the gateway registered on a listener, which forward them to
 * the broker (in-process in Local mode). Each command gets its own opaque. The future never fails; a failure
 * is an error response.
 */
public final class CommandDispatcher {

    private final ProcessorTable processors;
    private final AtomicInteger opaques = new AtomicInteger();

    public CommandDispatcher(ProcessorTable processors) {
        this.processors = processors;
    }

    /** Dispatches {@code request} on behalf of the client of {@code context}; a oneway request completes with null. */
    public CompletableFuture<RemotingCommand> call(RequestContext context, RemotingCommand request) {
        return processors.dispatch(context, request.withOpaque(opaques.incrementAndGet()));
    }
}
