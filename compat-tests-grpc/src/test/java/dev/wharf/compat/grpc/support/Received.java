package dev.wharf.compat.grpc.support;

import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.java.message.MessageViewImpl;

/**
 * One message as an SDK consumer got it, and when by the wall clock.
 *
 * @param view the message as the SDK handed it over
 * @param askedAtMillis {@link System#currentTimeMillis()} when the receive call that returned it started (for a
 *     push consumer's listener: when the listener got it); the server handed it out no earlier
 * @param atMillis {@link System#currentTimeMillis()} when the test got it
 */
public record Received(MessageView view, long askedAtMillis, long atMillis) {

    /** A message the test got just now, in a call it made at {@code askedAtMillis}. */
    public static Received askedAt(long askedAtMillis, MessageView view) {
        return new Received(view, askedAtMillis, System.currentTimeMillis());
    }

    /** A message handed to a listener just now. */
    public static Received now(MessageView view) {
        long now = System.currentTimeMillis();
        return new Received(view, now, now);
    }

    public String messageId() {
        return view.getMessageId().toString();
    }

    public Content content() {
        return Content.of(view);
    }

    /**
     * The broker the message was received from: the broker of the queue the SDK received it through, which the
     * route (and a Cluster-mode gateway's assignments, one per broker) names.
     */
    public String brokerName() {
        return ((MessageViewImpl) view).getMessageQueue().getBroker().getName();
    }

    /** 1 on the first delivery, one more on each redelivery. */
    public int deliveryAttempt() {
        return view.getDeliveryAttempt();
    }
}
