package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Status;
import dev.wharf.transport.grpc.convert.GrpcCodes;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.grpc.session.ClientMetadata;
import dev.wharf.transport.grpc.session.ClientSessions;
import dev.wharf.transport.grpc.session.GrpcClientConnection;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.messaging.MessagingException;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every RPC but Telemetry runs: the client id is checked, the work moves to the bounded business
 * pool (a full pool answers TOO_MANY_REQUESTS at once), and any failure becomes the response's in-band
 * status with gRPC status OK, which is what the SDKs read.
 */
final class Calls {

    private static final Logger log = LoggerFactory.getLogger(Calls.class);

    private final ClientSessions sessions;
    private final ExecutorService pool;

    Calls(ClientSessions sessions, ExecutorService pool) {
        this.sessions = sessions;
        this.pool = pool;
    }

    /** Where a call's translation runs. */
    enum Placement {
        /** The bounded business pool: for translations with real work in them (decoding, inflating, JSON). */
        POOL,
        /**
         * The thread the call arrived on, an event loop. Only for translations that are a few microseconds of
         * CPU and never block, such as a small send or an ack: a trip to the pool and back costs two thread
         * wake-ups, several times the translation, and the broker moves any work that waits (a sync-flush
         * append) to its own pools anyway.
         */
        INLINE
    }

    /**
     * A unary call translated on the business pool: {@code work} answers with the response, or fails;
     * {@code errorResponse} builds the response that carries a failure's status.
     */
    <R> void unary(
            StreamObserver<R> observer,
            Function<Status, R> errorResponse,
            Function<CallScope, CompletableFuture<R>> work) {
        unary(Placement.POOL, observer, errorResponse, work);
    }

    /** A unary call translated where {@code placement} says. */
    <R> void unary(
            Placement placement,
            StreamObserver<R> observer,
            Function<Status, R> errorResponse,
            Function<CallScope, CompletableFuture<R>> work) {
        start(placement, observer, errorResponse, scope -> work.apply(scope).whenComplete((response, failure) -> {
            if (failure == null) {
                observer.onNext(response);
                observer.onCompleted();
            } else {
                fail(observer, errorResponse, failure);
            }
        }));
    }

    /**
     * A call that writes its own responses to {@code observer} (a server stream). When {@code work}
     * throws, one response with the failure's status is written and the stream completes.
     */
    <R> void stream(StreamObserver<R> observer, Function<Status, R> errorResponse, Consumer<CallScope> work) {
        start(Placement.POOL, observer, errorResponse, work);
    }

    private <R> void start(
            Placement placement, StreamObserver<R> observer, Function<Status, R> errorResponse, Consumer<CallScope> work) {
        if (observer instanceof ServerCallStreamObserver<R> call) {
            // Answers of a call the client abandoned are dropped instead of thrown at the writer; a writer
            // that must know (a receive holding popped messages) asks isCancelled().
            call.setOnCancelHandler(() -> { });
        }
        ClientMetadata metadata = ClientMetadata.current();
        if (!metadata.hasClientId()) {
            fail(observer, errorResponse, new GrpcStatusException(Code.CLIENT_ID_REQUIRED, "client id cannot be empty"));
            return;
        }
        CallScope scope = scope(metadata);
        Runnable translation = () -> {
            try {
                work.accept(scope);
            } catch (RuntimeException e) {
                fail(observer, errorResponse, e);
            }
        };
        if (placement == Placement.INLINE) {
            translation.run();
            return;
        }
        try {
            pool.execute(translation);
        } catch (RejectedExecutionException e) {
            fail(observer, errorResponse, new GrpcStatusException(Code.TOO_MANY_REQUESTS, "flow limit"));
        }
    }

    /** The scope of the current call, for the calling client. */
    CallScope scope(ClientMetadata metadata) {
        GrpcClientConnection connection = sessions.connection(metadata);
        RequestContext requestContext = new RequestContext(connection, sessions.clock().millis());
        return new CallScope(metadata, connection, requestContext, Context.current().getDeadline());
    }

    static <R> void fail(StreamObserver<R> observer, Function<Status, R> errorResponse, Throwable failure) {
        observer.onNext(errorResponse.apply(statusOf(failure)));
        observer.onCompleted();
    }

    /** A failure's in-band status: its own code when it is a refusal, INTERNAL_SERVER_ERROR otherwise. */
    static Status statusOf(Throwable failure) {
        return refusalStatus(failure).orElseGet(() -> {
            Throwable cause = unwrap(failure);
            log.warn("gRPC call failed", cause);
            return GrpcCodes.status(Code.INTERNAL_SERVER_ERROR, String.valueOf(cause.getMessage()));
        });
    }

    /** The in-band status of a refusal, by the gateway or the broker; empty for any other failure. */
    static Optional<Status> refusalStatus(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof GrpcStatusException refusal) {
            return Optional.of(refusal.toStatus());
        }
        if (cause instanceof MessagingException refusal) {
            return Optional.of(GrpcCodes.status(refusal.error()));
        }
        return Optional.empty();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
