package dev.wharf.broker.processor;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A long-polling request (a pull or a pop that found nothing) parked as a future: no thread waits. Whatever
 * comes first — an arrival, its poll timeout, the broker stopping — releases it, exactly once; it then runs
 * again on its pool and that run's answer completes {@link #answer()}. A pool too full to take it answers
 * SYSTEM_BUSY rather than leaving the client waiting.
 *
 * <pre>{@code
 * ParkedRequest parked = new ParkedRequest(request, () -> pullAgain(request));
 * parked.expireAfter(timer, 15_000, () -> release(parked));
 * ...
 * if (parked.markReleased()) {      // in release(): unindex it, then
 *     parked.runAgain(pullPool, "a parked pull");
 * }
 * }</pre>
 */
public final class ParkedRequest {

    private final RemotingCommand request;
    private final Supplier<CompletableFuture<RemotingCommand>> rerun;
    private final CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile ScheduledFuture<?> timeout;

    public ParkedRequest(RemotingCommand request, Supplier<CompletableFuture<RemotingCommand>> rerun) {
        this.request = request;
        this.rerun = rerun;
    }

    /** The answer the client gets, once the request ran again. */
    public CompletableFuture<RemotingCommand> answer() {
        return answer;
    }

    /**
     * Schedules {@code onTimeout} (which releases the request) after {@code millis}; runs it at once when the
     * timer is stopping.
     */
    public void expireAfter(ScheduledExecutorService timer, long millis, Runnable onTimeout) {
        try {
            timeout = timer.schedule(onTimeout, Math.max(1, millis), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            onTimeout.run();
        }
    }

    /** Claims the release; true for the one caller that gets it, false for every later one. */
    public boolean markReleased() {
        return released.compareAndSet(false, true);
    }

    /** Cancels the timeout and runs the request again on {@code pool}; {@code what} names it in a busy answer. */
    public void runAgain(Executor pool, String what) {
        ScheduledFuture<?> pending = timeout;
        if (pending != null) {
            pending.cancel(false);
        }
        try {
            pool.execute(this::rerun);
        } catch (RejectedExecutionException busy) {
            answer.complete(RemotingCommand.errorResponse(request, ResponseCode.SYSTEM_BUSY,
                    "[REJECTREQUEST]system busy, start flow control for a while; " + what + " could not run again"));
        }
    }

    private void rerun() {
        try {
            rerun.get().whenComplete((response, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else {
                    answer.complete(response);
                }
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }
}
