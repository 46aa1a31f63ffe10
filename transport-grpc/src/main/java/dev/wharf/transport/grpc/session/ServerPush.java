package dev.wharf.transport.grpc.session;

import dev.wharf.transport.spi.RemotingCommand;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How commands the broker sends toward a gRPC client reach it: the client's Telemetry stream, which
 * translates them (a transaction check-back becomes a {@code RecoverOrphanedTransactionCommand}).
 */
public interface ServerPush {

    /** Delivers a command that expects no answer; fails when the client cannot be told. */
    CompletableFuture<Void> send(RemotingCommand command);

    /** Delivers a request and completes with the client's answer as a response command. */
    CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout);

    /** Ends the stream with {@code status}, from the server's side: the listener is going away. */
    void end(Status status);
}
