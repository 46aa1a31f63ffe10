package dev.wharf.messaging.admin;

/**
 * How far a group has consumed one queue.
 *
 * @param topic the queue's topic
 * @param brokerName the broker holding the queue
 * @param queueId the queue
 * @param brokerOffset the queue's next offset (one past its newest message)
 * @param consumerOffset the group's next offset to consume
 */
public record QueueProgress(String topic, String brokerName, int queueId, long brokerOffset, long consumerOffset) {

    /** Messages stored but not yet consumed by the group. */
    public long lag() {
        return Math.max(0, brokerOffset - consumerOffset);
    }
}
