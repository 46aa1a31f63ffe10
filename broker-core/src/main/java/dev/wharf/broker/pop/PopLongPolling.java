package dev.wharf.broker.pop;

import dev.wharf.store.MessageFilter;
import dev.wharf.store.MessageStore;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import java.util.List;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Long polling for POP: a pop that found nothing is parked as a future — no thread waits — under the
 * topics it reads (the topic and the group's pop retry topic) until a message its filter takes arrives
 * in any queue of them, the queue it waits for is released (a FIFO ack), or its poll time passes. Then
 * the pop runs once more, on the pop pool, without parking. When {@link #isFull} the pop answers
 * {@link ResponseCode#POLLING_FULL} instead of parking.
 */
final class PopLongPolling implements MessageStore.ArrivalListener {

    /** Parked pops per topic, and overall, as RocketMQ's {@code popPollingSize} and {@code maxPopPollingSize}. */
    static final int MAX_PER_TOPIC = 1024;
    static final int MAX_TOTAL = 100_000;

    private static final class HeldPop {
        private final RemotingCommand request;
        private final List<String> topics;
        private final MessageFilter filter;
        private final Supplier<CompletableFuture<RemotingCommand>> rerun;
        private final CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile ScheduledFuture<?> timeout;

        private HeldPop(RemotingCommand request, List<String> topics, MessageFilter filter,
                Supplier<CompletableFuture<RemotingCommand>> rerun) {
            this.request = request;
            this.topics = topics;
            this.filter = filter;
            this.rerun = rerun;
        }
    }

    private final ScheduledExecutorService timer;
    private final Executor popExecutor;
    private final Map<String, Set<HeldPop>> held = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    PopLongPolling(ScheduledExecutorService timer, Executor popExecutor) {
        this.timer = timer;
        this.popExecutor = popExecutor;
    }

    /** Whether no more pops of {@code topic} may be parked now. */
    boolean isFull(String topic) {
        return count.get() >= MAX_TOTAL || held.getOrDefault(topic, Set.of()).size() >= MAX_PER_TOPIC;
    }

    /**
     * Parks a pop of {@code topics} for at most {@code timeoutMillis}; the answer is {@code rerun}'s. When
     * {@code arrivedMeanwhile} says a message came between the empty read and the parking, it runs at once.
     */
    CompletableFuture<RemotingCommand> hold(RemotingCommand request, List<String> topics, MessageFilter filter,
            long timeoutMillis, BooleanSupplier arrivedMeanwhile, Supplier<CompletableFuture<RemotingCommand>> rerun) {
        HeldPop pop = new HeldPop(request, topics, filter, rerun);
        count.incrementAndGet();
        topics.forEach(topic -> held.computeIfAbsent(topic, ignored -> ConcurrentHashMap.newKeySet()).add(pop));
        try {
            pop.timeout = timer.schedule(() -> release(pop), Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            release(pop);
        }
        if (arrivedMeanwhile.getAsBoolean()) {
            release(pop);
        }
        return pop.answer;
    }

    @Override
    public void arrived(String topic, int queueId, long queueOffset, long tagsCode) {
        if (count.get() == 0) {
            return;
        }
        Set<HeldPop> waiting = held.get(topic);
        if (waiting != null) {
            waiting.stream().filter(pop -> pop.filter.matches(tagsCode)).forEach(this::release);
        }
    }

    /** Wakes every pop waiting for a topic (a FIFO queue of it was unblocked). */
    void wake(String topic) {
        Set<HeldPop> waiting = held.get(topic);
        if (waiting != null) {
            waiting.forEach(this::release);
        }
    }

    int heldCount() {
        return count.get();
    }

    /** Answers every parked pop now (the broker is stopping; the store is still open). */
    void releaseAll() {
        held.values().forEach(waiting -> waiting.forEach(this::release));
    }

    private void release(HeldPop pop) {
        if (!pop.released.compareAndSet(false, true)) {
            return;
        }
        count.decrementAndGet();
        pop.topics.forEach(topic -> {
            Set<HeldPop> waiting = held.get(topic);
            if (waiting != null) {
                waiting.remove(pop);
            }
        });
        ScheduledFuture<?> timeout = pop.timeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
        try {
            popExecutor.execute(() -> rerun(pop));
        } catch (RejectedExecutionException busy) {
            pop.answer.complete(RemotingCommand.errorResponse(pop.request, ResponseCode.SYSTEM_BUSY,
                    "[REJECTREQUEST]system busy, start flow control for a while; a parked pop could not run again"));
        }
    }

    private static void rerun(HeldPop pop) {
        try {
            pop.rerun.get().whenComplete((response, failure) -> {
                if (failure != null) {
                    pop.answer.completeExceptionally(failure);
                } else {
                    pop.answer.complete(response);
                }
            });
        } catch (RuntimeException e) {
            pop.answer.completeExceptionally(e);
        }
    }
}
