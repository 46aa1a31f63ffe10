package dev.wharf.transport.grpc.service;

/**
 * What the gRPC side needs to know of a consumer group.
 *
 * @param group the group's name
 * @param fifo whether the group consumes in FIFO order (RocketMQ's {@code consumeMessageOrderly})
 * @param retryMaxTimes redeliveries before a message goes to the dead-letter queue; a gRPC consumer's
 *     maximum delivery attempts are one more
 */
record GroupSettings(String group, boolean fifo, int retryMaxTimes) {

    int maxDeliveryAttempts() {
        return retryMaxTimes + 1;
    }
}
