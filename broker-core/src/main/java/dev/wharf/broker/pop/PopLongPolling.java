package dev.wharf.broker.pop;

import dev.wharf.broker.processor.ParkedRequest;
import dev.wharf.store.MessageFilter;
import dev.wharf.store.MessageStore;
import dev.wharf.transport.spi.RemotingCommand;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
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

    /** One parked pop, indexed under each topic it waits for. */
    private record HeldPop(ParkedRequest parked, List<String> topics, MessageFilter filter) {}

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
        HeldPop pop = new HeldPop(new ParkedRequest(request, rerun), topics, filter);
        count.incrementAndGet();
        topics.forEach(topic -> held.computeIfAbsent(topic, ignored -> ConcurrentHashMap.newKeySet()).add(pop));
        pop.parked.expireAfter(timer, timeoutMillis, () -> release(pop));
        if (arrivedMeanwhile.getAsBoolean()) {
            release(pop);
        }
        return pop.parked.answer();
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
        if (!pop.parked.markReleased()) {
            return;
        }
        count.decrementAndGet();
        pop.topics.forEach(topic -> {
            Set<HeldPop> waiting = held.get(topic);
            if (waiting != null) {
                waiting.remove(pop);
            }
        });
        pop.parked.runAgain(popExecutor, "a parked pop");
    }
}
