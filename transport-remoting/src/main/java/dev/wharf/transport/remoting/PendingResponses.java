package dev.wharf.transport.remoting;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RemotingTimeoutException;
import dev.wharf.transport.spi.RequestCode;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The requests sent on one connection that still wait for their response, by opaque. Each entry leaves
 * the table when its future completes, however that happens: response, timeout, failure or cancel.
 */
final class PendingResponses {

    private final Map<Integer, CompletableFuture<RemotingCommand>> waiting = new ConcurrentHashMap<>();
    private final EventExecutor timer;
    private final Object peer;

    /**
     * @param timer the connection's event loop, which runs the timeouts: no timer thread of our own
     * @param peer named in failure messages by its {@code toString()}, read only when one fails (a
     *     client channel is set up before it is connected, when it has no remote address yet)
     */
    PendingResponses(EventExecutor timer, Object peer) {
        this.timer = timer;
        this.peer = peer;
    }

    /** A future for the response to the request with {@code code} and {@code opaque}, failing after {@code timeout}. */
    CompletableFuture<RemotingCommand> register(int opaque, int code, Duration timeout) {
        CompletableFuture<RemotingCommand> response = new CompletableFuture<>();
        if (waiting.putIfAbsent(opaque, response) != null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("opaque " + opaque + " toward " + peer + " is still in use"));
        }
        try {
            ScheduledFuture<?> expiry = timer.schedule(
                    () -> response.completeExceptionally(new RemotingTimeoutException("no response to "
                            + RequestCode.nameOf(code) + " (opaque " + opaque + ") from " + peer + " within "
                            + timeout)),
                    timeout.toNanos(),
                    TimeUnit.NANOSECONDS);
            response.whenComplete((answer, failure) -> {
                expiry.cancel(false);
                waiting.remove(opaque, response);
            });
        } catch (RejectedExecutionException e) {
            waiting.remove(opaque, response);
            response.completeExceptionally(
                    new RemotingConnectException("the event loop of " + peer + " is shut down", e));
        }
        return response;
    }

    /** Completes the request {@code response} answers; false when none waits for it (it timed out, say). */
    boolean complete(RemotingCommand response) {
        CompletableFuture<RemotingCommand> request = waiting.get(response.opaque());
        return request != null && request.complete(response);
    }

    /** Fails the request with {@code opaque}, if it still waits. */
    void fail(int opaque, Throwable cause) {
        CompletableFuture<RemotingCommand> request = waiting.get(opaque);
        if (request != null) {
            request.completeExceptionally(cause);
        }
    }

    /**
     * Fails every waiting request: the connection is gone. The cause is made only when a request waits: every
     * connection closes, few leave a request behind, and an exception's stack trace costs microseconds.
     */
    void failAll(Supplier<? extends Throwable> cause) {
        if (waiting.isEmpty()) {
            return;
        }
        Throwable failure = cause.get();
        waiting.values().forEach(request -> request.completeExceptionally(failure));
    }

    int size() {
        return waiting.size();
    }
}
