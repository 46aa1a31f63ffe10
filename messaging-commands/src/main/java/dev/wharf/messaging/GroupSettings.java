package dev.wharf.messaging;



/**
 * What a gateway needs to know of a consumer group to deliver to it.
 *
 * @param group the group's name
 * @param fifo whether the group consumes in FIFO order (RocketMQ's {@code consumeMessageOrderly})
 * @param retryMaxTimes redeliveries before a message goes to the dead-letter queue; a consumer's
 *     maximum delivery attempts are one more
 */
public record GroupSettings(String group, boolean fifo, int retryMaxTimes) {

    public int maxDeliveryAttempts() {
        return retryMaxTimes + 1;
    }
}
