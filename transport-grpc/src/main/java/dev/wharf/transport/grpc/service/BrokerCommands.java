package dev.wharf.transport.grpc.service;

import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingCommand;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where translated commands go: the processors the gateway registered on this listener, which forward
 * them to the broker (in-process in Local mode). The future never fails; a failure is an error response.
 */
public final class BrokerCommands {

    private final ProcessorTable processors;
    private final AtomicInteger opaques = new AtomicInteger();

    public BrokerCommands(ProcessorTable processors) {
        this.processors = processors;
    }

    /** Dispatches {@code request} on behalf of the calling client; a oneway request completes with null. */
    public CompletableFuture<RemotingCommand> call(CallScope scope, RemotingCommand request) {
        return processors.dispatch(scope.requestContext(), request.withOpaque(opaques.incrementAndGet()));
    }
}
