package dev.wharf.compat.grpc.support;

import dev.wharf.compat.support.Waits;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.MessageListener;

/** A thread-safe record of what a push consumer's listener got, in the order it arrived. */
public final class Inbox {

    private final List<Received> received = new CopyOnWriteArrayList<>();

    public List<Received> snapshot() {
        return List.copyOf(received);
    }

    /** A listener that records every message and consumes it successfully. */
    public MessageListener acknowledging() {
        return failingAttemptsUpTo(0);
    }

    /** A listener that records every message and fails it, so it is redelivered until dead-lettered. */
    public MessageListener failing() {
        return failingAttemptsUpTo(Integer.MAX_VALUE);
    }

    /** A listener that records every message, fails its first {@code attempts} deliveries and consumes the next. */
    public MessageListener failingAttemptsUpTo(int attempts) {
        return view -> {
            received.add(Received.now(view));
            return view.getDeliveryAttempt() > attempts ? ConsumeResult.SUCCESS : ConsumeResult.FAILURE;
        };
    }

    /** Waits within {@link Waits#BOUND} until {@code enough} accepts what arrived; returns all of it. */
    public List<Received> awaitUntil(String alias, Predicate<List<Received>> enough) {
        Waits.atMostBound(alias).until(this::snapshot, enough);
        return snapshot();
    }

    /** Waits until at least {@code count} messages arrived. */
    public List<Received> awaitAtLeast(int count, String alias) {
        return awaitUntil(alias, all -> all.size() >= count);
    }
}
