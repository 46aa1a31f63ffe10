package dev.wharf.compat.support;

import java.util.List;
import java.util.function.Predicate;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;

/** Drives a started {@link DefaultLitePullConsumer}: polls until what it received is enough. */
public final class LitePolling {

    private static final long POLL_MILLIS = 200;

    private LitePolling() {}

    /**
     * Polls within {@link Waits#BOUND} until {@code enough} accepts everything received so far.
     *
     * @return everything received, in arrival order
     */
    public static List<Delivery> pollUntil(DefaultLitePullConsumer consumer, String alias,
            Predicate<List<Delivery>> enough) {
        Deliveries deliveries = new Deliveries();
        Waits.atMostBound(alias).until(() -> {
            deliveries.addAll(consumer.poll(POLL_MILLIS));
            return enough.test(deliveries.snapshot());
        });
        return deliveries.snapshot();
    }

    /** Polls until at least {@code count} messages arrived. */
    public static List<Delivery> pollAtLeast(DefaultLitePullConsumer consumer, String alias, int count) {
        return pollUntil(consumer, alias, received -> received.size() >= count);
    }
}
