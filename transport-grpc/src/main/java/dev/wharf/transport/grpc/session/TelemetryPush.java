package dev.wharf.transport.grpc.session;

import apache.rocketmq.v2.TelemetryCommand;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingException;
import dev.wharf.transport.spi.RemotingTimeoutException;
import dev.wharf.transport.spi.RequestCode;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server's half of one client's Telemetry stream: every write toward the client goes through it (one
 * at a time, as a gRPC stream requires), and the broker's pushes arrive here as commands. A oneway command
 * becomes one telemetry command; a request is sent with a fresh nonce and answered when the client's
 * reply with that nonce comes back, or fails after its timeout.
 */
public final class TelemetryPush implements ServerPush {

    /** How broker commands and the client's telemetry commands translate into each other. */
    public interface Translator {

        /** What the client is told of a oneway command; empty when it need not hear of it. */
        Optional<TelemetryCommand> oneway(RemotingCommand command);

        /** The question a broker request becomes, carrying {@code nonce}. */
        TelemetryCommand request(RemotingCommand request, String nonce);

        /** The broker's response to {@code request}, from the client's answer. */
        RemotingCommand response(RemotingCommand request, TelemetryCommand answer);
    }

    private record Pending(RemotingCommand request, CompletableFuture<RemotingCommand> answer) {}

    private final String clientId;
    private final StreamObserver<TelemetryCommand> toClient;
    private final Translator translator;
    private final ScheduledExecutorService timer;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private boolean ended; // guarded by this

    public TelemetryPush(String clientId, StreamObserver<TelemetryCommand> toClient, Translator translator,
            ScheduledExecutorService timer) {
        this.clientId = clientId;
        this.toClient = toClient;
        this.translator = translator;
        this.timer = timer;
    }

    /** Writes one command to the client; false when the stream has ended. */
    public synchronized boolean write(TelemetryCommand command) {
        if (ended) {
            return false;
        }
        toClient.onNext(command);
        return true;
    }

    @Override
    public CompletableFuture<Void> send(RemotingCommand command) {
        Optional<TelemetryCommand> toTell;
        try {
            toTell = translator.oneway(command);
        } catch (RuntimeException untranslatable) {
            return CompletableFuture.failedFuture(untranslatable);
        }
        if (toTell.isPresent() && !write(toTell.get())) {
            return CompletableFuture.failedFuture(streamEnded());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        String nonce = UUID.randomUUID().toString();
        TelemetryCommand question;
        try {
            question = translator.request(request, nonce);
        } catch (RuntimeException untranslatable) {
            return CompletableFuture.failedFuture(untranslatable);
        }
        CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
        Pending waiting = new Pending(request, answer);
        pending.put(nonce, waiting);
        ScheduledFuture<?> expiry = timer.schedule(() -> {
            if (pending.remove(nonce, waiting)) {
                answer.completeExceptionally(new RemotingTimeoutException("gRPC client " + clientId + " did not answer "
                        + RequestCode.nameOf(request.code()) + " within " + timeout.toMillis() + " ms"));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        answer.whenComplete((response, failure) -> expiry.cancel(false));
        if (!write(question) && pending.remove(nonce, waiting)) {
            answer.completeExceptionally(streamEnded());
        }
        return answer;
    }

    /**
     * Completes the request the client's answer names by its nonce; false when none waits for it (it timed
     * out, or the nonce is unknown).
     */
    public boolean answer(TelemetryCommand fromClient) {
        String nonce = switch (fromClient.getCommandCase()) {
            case THREAD_STACK_TRACE -> fromClient.getThreadStackTrace().getNonce();
            case VERIFY_MESSAGE_RESULT -> fromClient.getVerifyMessageResult().getNonce();
            default -> null;
        };
        Pending waiting = nonce == null ? null : pending.remove(nonce);
        if (waiting == null) {
            return false;
        }
        try {
            waiting.answer().complete(translator.response(waiting.request(), fromClient));
        } catch (RuntimeException untranslatable) {
            waiting.answer().completeExceptionally(untranslatable);
        }
        return true;
    }

    /** Ends the stream normally, as the client ended its side. */
    public void complete() {
        synchronized (this) {
            if (!ended) {
                ended = true;
                toClient.onCompleted();
            }
        }
        failPending();
    }

    /** Ends the stream with a gRPC error status. */
    @Override
    public void end(Status status) {
        fail(status);
    }

    /** Ends the stream with a gRPC error status. */
    public void fail(Status status) {
        synchronized (this) {
            if (!ended) {
                ended = true;
                toClient.onError(status.asRuntimeException());
            }
        }
        failPending();
    }

    /** The stream broke (cancelled, connection lost): nothing more can be written. */
    public void broken() {
        synchronized (this) {
            ended = true;
        }
        failPending();
    }

    private void failPending() {
        for (String nonce : List.copyOf(pending.keySet())) {
            Pending waiting = pending.remove(nonce);
            if (waiting != null) {
                waiting.answer().completeExceptionally(streamEnded());
            }
        }
    }

    private RemotingException streamEnded() {
        return new RemotingException("the Telemetry stream of gRPC client " + clientId + " has ended");
    }
}
