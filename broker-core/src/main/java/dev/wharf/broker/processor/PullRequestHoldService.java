package dev.wharf.broker.processor;

import dev.wharf.store.MessageFilter;
import dev.wharf.store.MessageStore;
import dev.wharf.transport.spi.RemotingCommand;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
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
    private record HeldPull(ParkedRequest parked, QueueKey queue, long offset, MessageFilter filter) {}

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
        HeldPull pull = new HeldPull(new ParkedRequest(request, rerun), queue, offset, filter);
        held.computeIfAbsent(queue, ignored -> ConcurrentHashMap.newKeySet()).add(pull);
        pull.parked.expireAfter(timer, timeoutMillis, () -> release(pull));
        // A message may have landed between the read that found nothing and the parking above.
        if (store.maxOffset(topic, queueId) > offset) {
            release(pull);
        }
        return pull.parked.answer();
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
        if (!pull.parked.markReleased()) {
            return;
        }
        Set<HeldPull> waiting = held.get(pull.queue);
        if (waiting != null) {
            waiting.remove(pull);
        }
        pull.parked.runAgain(pullExecutor, "a held pull");
    }
}
