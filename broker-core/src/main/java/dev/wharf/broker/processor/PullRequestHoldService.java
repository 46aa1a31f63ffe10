package dev.wharf.broker.processor;

import dev.wharf.store.MessageFilter;
import dev.wharf.store.MessageStore;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Long polling: a pull that found nothing new is parked here as a future — no thread waits — until a
 * message arrives in its queue that its filter takes (the store's arrival notice) or its suspend timeout
 * passes. Either way the pull runs again once, without suspension, on the pull pool, and its answer
 * completes the parked future.
 *
 * <pre>{@code
 * store.addArrivalListener(holds);
 * return holds.hold(request, "orders", 0, offset, filter, 15_000, () -> pullAgain(request));
 * }</pre>
 */
public final class PullRequestHoldService implements MessageStore.ArrivalListener {

    private record QueueKey(String topic, int queueId) {}

    /** One parked pull; exactly one of arrival, timeout or shutdown releases it. */
    private static final class HeldPull {
        private final RemotingCommand request;
        private final QueueKey queue;
        private final long offset;
        private final MessageFilter filter;
        private final Supplier<CompletableFuture<RemotingCommand>> rerun;
        private final CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile ScheduledFuture<?> timeout;

        private HeldPull(RemotingCommand request, QueueKey queue, long offset, MessageFilter filter,
                Supplier<CompletableFuture<RemotingCommand>> rerun) {
            this.request = request;
            this.queue = queue;
            this.offset = offset;
            this.filter = filter;
            this.rerun = rerun;
        }
    }

    private final MessageStore store;
    private final ScheduledExecutorService timer;
    private final Executor pullExecutor;
    private final Map<QueueKey, Set<HeldPull>> held = new ConcurrentHashMap<>();

    public PullRequestHoldService(MessageStore store, ScheduledExecutorService timer, Executor pullExecutor) {
        this.store = store;
        this.timer = timer;
        this.pullExecutor = pullExecutor;
    }

    /**
     * Parks a pull of {@code topic}/{@code queueId} that found nothing at {@code offset}; the answer is
     * {@code rerun}'s, produced after an arrival or {@code timeoutMillis}.
     */
    public CompletableFuture<RemotingCommand> hold(RemotingCommand request, String topic, int queueId, long offset,
            MessageFilter filter, long timeoutMillis, Supplier<CompletableFuture<RemotingCommand>> rerun) {
        QueueKey queue = new QueueKey(topic, queueId);
        HeldPull pull = new HeldPull(request, queue, offset, filter, rerun);
        held.computeIfAbsent(queue, ignored -> ConcurrentHashMap.newKeySet()).add(pull);
        try {
            pull.timeout = timer.schedule(() -> release(pull), timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            release(pull);
        }
        // A message may have landed between the read that found nothing and the parking above.
        if (store.maxOffset(topic, queueId) > offset) {
            release(pull);
        }
        return pull.answer;
    }

    @Override
    public void arrived(String topic, int queueId, long queueOffset, long tagsCode) {
        if (held.isEmpty()) {
            return;
        }
        Set<HeldPull> waiting = held.get(new QueueKey(topic, queueId));
        if (waiting == null) {
            return;
        }
        for (HeldPull pull : waiting) {
            if (queueOffset >= pull.offset && pull.filter.matches(tagsCode)) {
                release(pull);
            }
        }
    }

    /** How many pulls are parked, for tests and metrics. */
    public int heldCount() {
        return held.values().stream().mapToInt(Set::size).sum();
    }

    /** Answers every parked pull now (the broker is stopping; the store is still open). */
    public void releaseAll() {
        held.values().forEach(waiting -> waiting.forEach(this::release));
    }

    private void release(HeldPull pull) {
        if (!pull.released.compareAndSet(false, true)) {
            return;
        }
        Set<HeldPull> waiting = held.get(pull.queue);
        if (waiting != null) {
            waiting.remove(pull);
        }
        ScheduledFuture<?> timeout = pull.timeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
        try {
            pullExecutor.execute(() -> rerun(pull));
        } catch (RejectedExecutionException busy) {
            pull.answer.complete(RemotingCommand.errorResponse(pull.request, ResponseCode.SYSTEM_BUSY,
                    "[REJECTREQUEST]system busy, start flow control for a while; held pull could not run again"));
        }
    }

    private static void rerun(HeldPull pull) {
        try {
            pull.rerun.get().whenComplete((response, failure) -> {
                if (failure != null) {
                    pull.answer.completeExceptionally(failure);
                } else {
                    pull.answer.complete(response);
                }
            });
        } catch (RuntimeException e) {
            pull.answer.completeExceptionally(e);
        }
    }
}
