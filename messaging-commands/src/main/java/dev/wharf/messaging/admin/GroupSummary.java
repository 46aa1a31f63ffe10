package dev.wharf.messaging.admin;

/**
 * A consumer (subscription) group.
 *
 * @param name the group
 * @param retryMaxTimes deliveries before a failing message goes to the group's dead-letter queue
 * @param fifo whether the group consumes in FIFO order (RocketMQ's {@code consumeMessageOrderly})
 */
public record GroupSummary(String name, int retryMaxTimes, boolean fifo) {}
