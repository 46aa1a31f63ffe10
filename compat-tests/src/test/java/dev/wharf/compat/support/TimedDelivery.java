package dev.wharf.compat.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * One message as a listener received it, and when: by the wall clock, to compare with the server's
 * timestamps, and by {@link System#nanoTime()}, to measure gaps between deliveries.
 *
 * @param message the message as the client handed it over
 * @param receivedAtMillis {@link System#currentTimeMillis()} when the listener got it
 * @param receivedNanos {@link System#nanoTime()} when the listener got it
 */
public record TimedDelivery(MessageExt message, long receivedAtMillis, long receivedNanos) {

    public Delivery delivery() {
        return Delivery.of(message);
    }

    /** How long after {@code earlier} this delivery arrived. */
    public Duration gapAfter(TimedDelivery earlier) {
        return Duration.ofNanos(receivedNanos - earlier.receivedNanos);
    }

    /**
     * Asserts the message was delivered at its due time {@code askedMillis}: received no earlier, and stored
     * into its topic (the server's delivery) no earlier and at most {@code lateBoundMillis} later.
     */
    public void assertDeliveredOnTime(long askedMillis, long lateBoundMillis) {
        assertThat(receivedAtMillis).as("received at, %s", message).isGreaterThanOrEqualTo(askedMillis);
        assertThat(message.getStoreTimestamp()).as("delivered at, %s", message)
                .isBetween(askedMillis, askedMillis + lateBoundMillis);
    }
}
