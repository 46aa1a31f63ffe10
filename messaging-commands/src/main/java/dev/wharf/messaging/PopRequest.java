package dev.wharf.messaging;



/**
 * One checked POP_MESSAGE on any queue of a topic, as {@link PopReceiver} sends it.
 *
 * @param group the consumer group, checked
 * @param topic the topic, checked
 * @param brokerName the broker the client addressed; {@link ReceiptCommands#UNNAMED_BROKER} for any
 * @param filter which messages the consumer wants
 * @param batch at most this many messages
 * @param invisibleMillis how long delivered messages stay invisible to the group
 * @param pollingMillis how long the broker may hold the request when nothing is there
 * @param attemptId the client's id of this attempt, so a FIFO retry gets the same messages; null for none
 */
public record PopRequest(String group, String topic, String brokerName, Filter filter, int batch,
        long invisibleMillis, long pollingMillis, String attemptId) {}
